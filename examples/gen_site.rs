//! Benchmark content generator for xuezhou and its peers (std only, deterministic).
//!
//! ```text
//! cargo run --release --example gen_site -- --events 10000 --out DIR
//!     [--photos DIR --photo-count 200 [--photo-min-px 3000]] [--theme-dir themes/default]
//!     [--seed N]
//! ```
//!
//! Writes the same events twice, into folders it owns (each is deleted first):
//! - `OUT/xuezhou/`: a xuezhou site (site.toml as SPEC §3, content/_index.md,
//!   content/events/_index.md, content/events/e00001.md …); with `--theme-dir` the theme is
//!   copied to `themes/default/`.
//! - `OUT/hugo/`: the same events as a Hugo site (hugo.toml, content/, layouts/, static/) doing
//!   comparable work: a page per event, the section list by day, the four taxonomies' term pages,
//!   sitemap, robots.txt, 404 and a feed.
//! - with `--photos DIR`: the first K events become bundles `content/events/eNNNNN/index.md` with
//!   a photo `pNNNN.jpg` (cover + photos[]); Hugo's single template resizes it to 480/960/1600 in
//!   JPEG and WebP (q80, auto-orient); `OUT/eleventy/` gets the same K photos and `img.mjs` for
//!   @11ty/eleventy-img. Photos cycle through the JPEGs of DIR (those whose longer side is at least
//!   `--photo-min-px`), and each copy gets a unique JPEG comment segment so that no tool can
//!   de-duplicate the work by content hash: K photos are K distinct files, same pixels.
//!
//! The same seed gives byte-identical output.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::exit;

// ---------------------------------------------------------------------------------------------
// Site lists, as in SPEC §3.

const TOWNS: &[&str] = &[
    "湖塘镇",
    "牛塘镇",
    "洛阳镇",
    "遥观镇",
    "横林镇",
    "横山桥镇",
    "雪堰镇",
    "前黄镇",
    "礼嘉镇",
    "嘉泽镇",
    "湟里镇",
    "南夏墅街道",
    "西湖街道",
    "丁堰街道",
    "戚墅堰街道",
    "潞城街道",
    "区直单位",
];
const CATEGORIES: &[&str] = &["讲座", "培训", "论坛", "展览", "阅读", "展演", "其他"];
const TOPICS: &[&str] = &[
    "核心价值观教育",
    "家庭教育",
    "老年教育",
    "职业技能培训",
    "智慧助老",
    "全民阅读",
    "四个一",
];
const AUDIENCES: &[&str] = &[
    "社区居民",
    "老年人",
    "青少年",
    "学生",
    "教师",
    "农民工",
    "残疾人",
    "零就业家庭",
    "特困家庭学生",
];

const SITE_TITLE: &str = "武进区2022年全民终身学习活动周";
const SLOGAN: &str = "砥砺奋进启新程 全民学习再出发";
const BASE_URL: &str = "https://example.org/bench/";
const WEEK_DAYS: u32 = 7; // 2022-12-02 .. 2022-12-08

// ---------------------------------------------------------------------------------------------
// Vocabulary for titles, front matter and bodies (a few hundred phrases).

const ORG_KINDS: &[&str] = &[
    "社区教育中心",
    "成人文化技术学校",
    "老年大学",
    "图书馆分馆",
    "文化站",
    "妇联",
    "新时代文明实践所",
    "社区学校",
    "团委",
    "关工委",
    "总工会",
    "人力资源和社会保障所",
];
const DISTRICT_ORGS: &[&str] = &[
    "区社区培训学院",
    "区图书馆",
    "区老年大学",
    "区人社局",
    "区教育局",
    "区总工会",
    "区残联",
    "区妇联",
    "区文体广电和旅游局",
    "区科协",
    "区开放大学",
    "团区委",
];
const VENUES: &[&str] = &[
    "市民学校多功能厅",
    "文体活动中心",
    "新时代文明实践站",
    "党群服务中心会议室",
    "图书馆阅览室",
    "老年大学教室",
    "农家书屋",
    "社区教育中心报告厅",
    "居家养老服务中心",
    "青少年活动中心",
    "职业技能实训基地",
    "文化广场",
    "非遗传习所",
    "家长学校",
    "智慧助老体验室",
];
const ROADS: &[&str] = &[
    "人民路",
    "花园街",
    "常武路",
    "延政路",
    "武宜路",
    "长沟路",
    "湖滨路",
    "阳湖路",
    "淹城路",
    "戚大街",
    "新城路",
    "永胜路",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "马", "胡", "蒋",
    "沈", "钱",
];

/// Title fragments per topic (same order as TOPICS).
const TOPIC_TITLES: &[&[&str]] = &[
    &[
        "社会主义核心价值观宣讲",
        "新时代文明实践",
        "好家风好家训分享",
        "道德模范事迹报告",
        "文明乡风建设",
    ],
    &[
        "科学育儿",
        "亲子共读",
        "家校社协同育人",
        "青春期沟通技巧",
        "家长课堂",
    ],
    &[
        "老年健康养生",
        "银龄书画",
        "戏曲欣赏",
        "老年合唱",
        "防跌倒与康复",
    ],
    &[
        "电工技能提升",
        "家政服务",
        "电商直播",
        "中式烹调",
        "育婴员",
        "数控技术",
    ],
    &[
        "智能手机使用",
        "防范电信诈骗",
        "移动支付入门",
        "网上预约挂号",
        "短视频拍摄与剪辑",
    ],
    &[
        "经典诵读",
        "好书共读",
        "红色经典阅读",
        "书香家庭评选",
        "诗词大会",
    ],
    &[
        "“一人一艺”",
        "“一村一品”",
        "“一校一特”",
        "“一社一课”",
        "“四个一”成果",
    ],
];
const CATEGORY_SUFFIX: &[&[&str]] = &[
    &["专题讲座", "公益讲座", "大讲堂"],
    &["培训班", "技能培训", "实训课"],
    &["论坛", "沙龙", "研讨会"],
    &["成果展", "作品展", "图片展"],
    &["读书会", "阅读分享会", "朗读会"],
    &["展演", "文艺汇演", "才艺展示"],
    &["体验活动", "志愿服务", "开放日"],
];

const WHEN: &[&str] = &[
    "近年来",
    "活动周期间",
    "本次活动中",
    "每逢周末",
    "自去年以来",
    "在学习周启动之际",
    "课程开始前",
    "活动当天",
    "在社区工作者的精心组织下",
    "在志愿者的热心帮助下",
    "结合冬季农闲时节",
    "围绕“砥砺奋进启新程 全民学习再出发”的主题",
    "立足辖区实际",
    "依托社区教育网络",
    "按照学习型城市建设的总体要求",
    "在镇村两级的共同推动下",
    "利用晚间和周末时段",
    "借助线上直播平台",
];
const WHO: &[&str] = &[
    "社区居民",
    "老年学员",
    "辖区青少年",
    "在校学生",
    "一线教师",
    "新市民和农民工朋友",
    "残疾人朋友",
    "年轻的家长们",
    "志愿者团队",
    "社区教育专职教师",
    "村（社区）干部",
    "退休职工",
    "退役军人",
    "企业职工",
    "巾帼志愿者",
    "非遗传承人",
    "社区学校讲师",
    "老年大学学员",
    "乡贤能人",
    "百姓学习之星",
    "返乡创业青年",
    "家庭农场主",
    "楼道长和网格员",
];
const VERB: &[&str] = &[
    "积极参与",
    "共同学习",
    "现场体验",
    "深入探讨",
    "围坐在一起交流",
    "认真聆听",
    "动手实践",
    "分组研讨",
    "踊跃报名参加",
    "系统学习",
    "热情分享",
    "反复练习",
    "合作完成",
    "饶有兴致地了解",
];
const WHAT: &[&str] = &[
    "智能手机操作",
    "家庭教育知识",
    "传统文化课程",
    "垃圾分类常识",
    "应急救护技能",
    "防诈骗知识",
    "健康养生知识",
    "书法绘画",
    "剪纸技艺",
    "茶艺与插花",
    "西点烘焙",
    "低压电工操作",
    "电子商务直播",
    "法律常识",
    "心理健康知识",
    "红色经典诵读",
    "经典诗词",
    "家风家训故事",
    "留青竹刻",
    "非遗技艺",
    "消防安全知识",
    "职业技能提升课程",
    "乡村振兴实用技术",
    "数字素养课程",
    "绿色种植技术",
    "太极拳与八段锦",
    "合唱与器乐",
    "摄影基础",
    "网上办事流程",
    "营养膳食搭配",
    "手工编织",
    "亲子阅读方法",
    "普通话与朗诵",
    "科学育儿方法",
    "宪法与民法典",
    "文明礼仪",
];
const PURPOSE: &[&str] = &[
    "进一步营造全民学习、终身学习的浓厚氛围",
    "切实提升居民的数字素养",
    "帮助老年人跨越“数字鸿沟”",
    "推动学习型社会建设",
    "丰富群众的精神文化生活",
    "增强社区的凝聚力和归属感",
    "促进家校社协同育人",
    "让学习成为一种生活方式",
    "提升劳动者的职业技能和就业能力",
    "助力乡村振兴",
    "弘扬社会主义核心价值观",
    "培育文明乡风、良好家风和淳朴民风",
    "推动书香社区建设",
    "让终身学习的理念深入人心",
    "打通社区教育服务群众的“最后一公里”",
    "满足群众多样化的学习需求",
    "提升老年人的幸福感和获得感",
    "帮助新市民更好地融入城市生活",
    "为青少年健康成长营造良好环境",
    "擦亮本地社区教育品牌",
];
const DESC: &[&str] = &[
    "内容贴近生活、形式新颖活泼",
    "由经验丰富的专业教师授课",
    "采用“线上+线下”相结合的方式",
    "注重理论讲解与动手实践相结合",
    "以案例教学为主、通俗易懂",
    "课程设置循序渐进",
    "融合了本地的历史文化资源",
    "充分发挥了社区学习共同体的作用",
    "吸引了不同年龄段的居民",
    "设置了互动问答和现场答疑环节",
    "配有图文并茂的学习手册",
    "由“百姓学习之星”现身说法",
];
const EFFECT: &[&str] = &[
    "受到了大家的一致好评",
    "现场气氛热烈",
    "许多学员表示收获满满",
    "不少居民当场报名了后续课程",
    "参与人数比往年明显增加",
    "学员们纷纷表示还想再来",
    "取得了良好的社会效果",
    "得到了上级部门的充分肯定",
    "形成了可复制、可推广的经验",
    "成为辖区居民家门口的“学习加油站”",
];
const QUOTES: &[&str] = &[
    "活到老，学到老，学习让我的晚年生活更加充实",
    "学会了用手机挂号，再也不用一大早去医院排队了",
    "和孩子一起读书，是我们家每天最温馨的时光",
    "掌握一门技术，就多了一条致富的路子",
    "在社区学校里，我结识了很多志同道合的朋友",
    "学习没有年龄的界限，什么时候开始都不晚",
    "书香润泽心灵，阅读点亮生活",
    "通过培训拿到了证书，找工作心里更有底了",
    "家门口就能上课，真是方便又实惠",
    "志愿服务让我在帮助别人的同时也提升了自己",
];
const SCHEDULE_ITEMS: &[&str] = &[
    "签到入场",
    "开场致辞",
    "专题讲授",
    "互动问答",
    "现场体验",
    "成果展示",
    "合影留念",
    "分组实践",
    "经验分享",
    "总结发言",
    "学员汇报",
    "颁发证书",
    "参观展览",
    "观看专题片",
];
const ROOMS: &[&str] = &[
    "一楼大厅",
    "多功能厅",
    "二楼教室",
    "线上直播间",
    "户外广场",
    "阅览室",
    "实训室",
    "报告厅",
];
const NOTES: &[&str] = &[
    "活动免费参加，名额有限，先到先得",
    "请提前十分钟到场签到",
    "线上参与可扫描海报上的二维码进入直播间",
    "老年朋友请在家属陪同下参加",
    "活动现场提供茶水和学习资料",
    "请自带笔记本和老花镜",
    "报名请拨打联系电话或在社区微信群留言",
    "全程参与的学员可领取结业证书",
    "请遵守现场秩序，听从工作人员安排",
    "如遇天气变化，活动时间另行通知",
    "现场设有无障碍通道和爱心座椅",
    "活动照片将在学习周网站上展示",
];
const HEADINGS: &[&str] = &[
    "活动亮点",
    "往期回顾",
    "学员心声",
    "温馨提示",
    "组织保障",
    "延伸学习",
];
const PHOTO_ALTS: &[&str] = &[
    "学员们在教室里认真听讲",
    "志愿者手把手教老人使用智能手机",
    "居民在文化广场观看展演",
    "亲子家庭围坐在一起阅读",
    "学员展示亲手完成的作品",
    "活动现场全景",
];

// ---------------------------------------------------------------------------------------------

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// True with probability num/den.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
}

struct Args {
    events: usize,
    out: PathBuf,
    photos: Option<PathBuf>,
    photo_count: usize,
    photo_min_px: u32,
    theme_dir: Option<PathBuf>,
    seed: u64,
}

const USAGE: &str = "usage: gen_site --events N --out DIR [--photos DIR] [--photo-count K] \
[--photo-min-px PX] [--theme-dir DIR] [--seed N]";

fn parse_args() -> Args {
    let mut args = Args {
        events: 1000,
        out: PathBuf::new(),
        photos: None,
        photo_count: 200,
        photo_min_px: 0,
        theme_dir: None,
        seed: 0x0058_4555_5A48_4F55, // "XEUZHOU"
    };
    let mut it = std::env::args().skip(1);
    let bad = |msg: String| -> ! {
        eprintln!("gen_site: {msg}\n{USAGE}");
        exit(2)
    };
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .unwrap_or_else(|| bad(format!("{a} needs a value")))
        };
        let num = |v: String| -> u64 {
            v.parse()
                .unwrap_or_else(|_| bad(format!("{a}: not a number: {v}")))
        };
        match a.as_str() {
            "--events" => args.events = num(val()) as usize,
            "--out" => args.out = PathBuf::from(val()),
            "--photos" => args.photos = Some(PathBuf::from(val())),
            "--photo-count" => args.photo_count = num(val()) as usize,
            "--photo-min-px" => args.photo_min_px = num(val()) as u32,
            "--theme-dir" => args.theme_dir = Some(PathBuf::from(val())),
            "--seed" => args.seed = num(val()),
            "-h" | "--help" => {
                println!("{USAGE}");
                exit(0)
            }
            _ => bad(format!("unknown argument {a}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        bad("--out is required".into());
    }
    if args.events == 0 || args.events > 99_999 {
        bad("--events must be 1..=99999".into());
    }
    if args.photos.is_none() {
        args.photo_count = 0;
    } else if args.photo_count > args.events {
        bad(format!(
            "--photo-count {} exceeds --events {}",
            args.photo_count, args.events
        ));
    }
    args
}

// ---------------------------------------------------------------------------------------------
// One event, rendered for both generators.

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Offline,
    Online,
    Hybrid,
}

enum When {
    /// Day offset in the week, "HH:MM" start and end.
    Timed {
        day: u32,
        start: (u32, u32),
        end: (u32, u32),
    },
    /// Dates only: first and last day offsets.
    AllDay { first: u32, last: u32 },
}

struct Photo {
    file: String,
    alt: String,
}

struct Event {
    slug: String,
    title: String,
    when: When,
    town: &'static str,
    organizer: String,
    category: &'static str,
    topics: Vec<&'static str>,
    audience: Vec<&'static str>,
    format: Format,
    venue: Option<String>,
    address: Option<String>,
    online_url: Option<String>,
    free: bool,
    capacity: u32,
    participants: Option<u32>,
    contact: String,
    launch: bool,
    summary: String,
    photo: Option<Photo>,
    /// Body with the related-event link as LINK_MARK.
    body: String,
    related: usize,
}

const LINK_MARK: &str = "\u{0}LINK\u{0}";

fn date(day: u32) -> String {
    format!("2022-12-{:02}", 2 + day)
}

fn slug(i: usize) -> String {
    format!("e{:05}", i + 1)
}

/// Pick the list value at index `i` for the first `len` events (so every value appears), at
/// random afterwards.
fn covering(rng: &mut Rng, i: usize, list: &[&'static str]) -> &'static str {
    if i < list.len() {
        list[i]
    } else {
        list[rng.below(list.len())]
    }
}

fn some_of(
    rng: &mut Rng,
    first: &'static str,
    list: &[&'static str],
    max_extra: usize,
) -> Vec<&'static str> {
    let mut v = vec![first];
    for _ in 0..rng.below(max_extra + 1) {
        let x = list[rng.below(list.len())];
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

/// One sentence of template `kind` (0..6).
fn sentence(rng: &mut Rng, org: &str, kind: usize) -> String {
    let bold = rng.chance(1, 5);
    let b = |s: &str| {
        if bold {
            format!("**{s}**")
        } else {
            s.to_string()
        }
    };
    match kind {
        0 => format!(
            "{}，{}{}{}，{}。",
            rng.pick(WHEN),
            rng.pick(WHO),
            rng.pick(VERB),
            b(rng.pick(WHAT)),
            rng.pick(PURPOSE)
        ),
        1 => format!(
            "{}{}，{}。",
            b(rng.pick(WHAT)),
            rng.pick(DESC),
            rng.pick(EFFECT)
        ),
        2 => format!(
            "本次活动由{}主办，旨在{}，{}。",
            org,
            b(rng.pick(PURPOSE)),
            rng.pick(DESC)
        ),
        3 => format!("一位{}感慨地说：“{}。”", rng.pick(WHO), rng.pick(QUOTES)),
        4 => {
            let a = rng.below(WHO.len());
            let c = (a + 1 + rng.below(WHO.len() - 1)) % WHO.len();
            format!(
                "{}，{}与{}{}，{}。",
                rng.pick(WHEN),
                WHO[a],
                WHO[c],
                rng.pick(VERB),
                rng.pick(EFFECT)
            )
        }
        _ => format!(
            "我们将以此为契机，{}，{}。",
            rng.pick(PURPOSE),
            rng.pick(PURPOSE)
        ),
    }
}

/// Sentences of varied templates: never the same template twice in a row, and the organizer
/// sentence (2) at most once per page.
struct Prose {
    last: usize,
    org_said: bool,
}

impl Prose {
    fn next(&mut self, rng: &mut Rng, org: &str) -> String {
        let kind = loop {
            let k = rng.below(6);
            if k != self.last && !(k == 2 && self.org_said) {
                break k;
            }
        };
        self.last = kind;
        self.org_said |= kind == 2;
        sentence(rng, org, kind)
    }

    fn paragraph(&mut self, rng: &mut Rng, org: &str, n: usize) -> String {
        let mut p = String::new();
        for _ in 0..n {
            p.push_str(&self.next(rng, org));
        }
        p.push_str("\n\n");
        p
    }
}

fn clock((h, m): (u32, u32)) -> String {
    format!("{h:02}:{m:02}")
}

fn make_body(rng: &mut Rng, e: &Event) -> String {
    let target = 300 + rng.below(1201); // characters, 300..=1500
    let org = e.organizer.as_str();
    let mut prose = Prose {
        last: usize::MAX,
        org_said: false,
    };
    let mut head = String::new();
    head.push_str(&prose.paragraph(rng, org, 2));
    head.push_str("## 活动简介\n\n");
    head.push_str(&prose.paragraph(rng, org, 2));

    let mut table = String::from("## 活动安排\n\n| 时间 | 内容 | 地点 |\n|---|---|---|\n");
    let (mut h, mut m) = match e.when {
        When::Timed { start, .. } => start,
        When::AllDay { .. } => (9, 0),
    };
    for _ in 0..rng.range(3, 5) {
        let room = if e.format == Format::Online {
            "线上直播间"
        } else {
            rng.pick(ROOMS)
        };
        let _ = writeln!(
            table,
            "| {} | {} | {} |",
            clock((h, m)),
            rng.pick(SCHEDULE_ITEMS),
            room
        );
        m += 15 * rng.range(1, 3);
        h += m / 60;
        m %= 60;
    }
    table.push('\n');

    let mut list = String::from("## 参与方式\n\n");
    let mut notes = BTreeSet::new();
    let want = rng.range(3, 5) as usize;
    while notes.len() < want {
        notes.insert(rng.below(NOTES.len()));
    }
    for n in notes {
        let _ = writeln!(list, "- {}", NOTES[n]);
    }
    let _ = writeln!(list, "- 联系方式：{}", e.contact);
    list.push('\n');

    let link = format!(
        "## 相关活动\n\n活动周期间还有更多精彩内容，欢迎关注[相关活动]({LINK_MARK})，{}。\n",
        rng.pick(EFFECT)
    );

    let fixed =
        head.chars().count() + table.chars().count() + list.chars().count() + link.chars().count();
    let mut middle = String::new();
    let mut len = fixed;
    let mut headings: Vec<usize> = (0..HEADINGS.len()).collect();
    while len < target && !headings.is_empty() {
        let hidx = headings.remove(rng.below(headings.len()));
        let mut sec = format!("## {}\n\n", HEADINGS[hidx]);
        let mut sentences = 0;
        'fill: for _ in 0..rng.range(1, 2) {
            for _ in 0..rng.range(1, 4) {
                let s = prose.next(rng, org);
                let n = s.chars().count();
                if len + sec.chars().count() + n > 1500 - 10 {
                    break 'fill;
                }
                sec.push_str(&s);
                sentences += 1;
                if len + sec.chars().count() >= target {
                    break 'fill;
                }
            }
            sec.push_str("\n\n");
        }
        if sentences == 0 {
            break;
        }
        if !sec.ends_with("\n\n") {
            sec.push_str("\n\n");
        }
        len += sec.chars().count();
        middle.push_str(&sec);
    }
    let mut body = head;
    body.push_str(&middle);
    body.push_str(&table);
    body.push_str(&list);
    body.push_str(&link);
    body
}

fn make_event(rng: &mut Rng, i: usize, n: usize, photo: Option<Photo>) -> Event {
    let town = covering(rng, i, TOWNS);
    let category = covering(rng, i, CATEGORIES);
    let topic0 = covering(rng, i, TOPICS);
    let topics = some_of(rng, topic0, TOPICS, 1);
    let aud0 = covering(rng, i, AUDIENCES);
    let audience = some_of(rng, aud0, AUDIENCES, 2);
    let launch = i == 0;

    let organizer = if town == "区直单位" {
        rng.pick(DISTRICT_ORGS).to_string()
    } else {
        format!("{town}{}", rng.pick(ORG_KINDS))
    };
    let format = if launch {
        Format::Hybrid
    } else {
        match rng.below(10) {
            0 | 1 => Format::Online,
            2 | 3 => Format::Hybrid,
            _ => Format::Offline,
        }
    };
    let place = if town == "区直单位" { "区" } else { town };
    let venue = (format != Format::Online).then(|| format!("{place}{}", rng.pick(VENUES)));
    let address = (format != Format::Online && rng.chance(1, 2))
        .then(|| format!("{place}{}{}号", rng.pick(ROADS), rng.range(1, 399)));
    let online_url = (format != Format::Offline)
        .then(|| format!("https://live.example.org/xuexizhou/{}", slug(i)));

    let when = if launch {
        When::Timed {
            day: 0,
            start: (9, 30),
            end: (11, 0),
        }
    } else if category == "展览" && rng.chance(1, 2) {
        let first = rng.below(3) as u32;
        When::AllDay {
            first,
            last: rng.range(first + 1, WEEK_DAYS - 1),
        }
    } else if rng.chance(1, 20) {
        let d = rng.below(WEEK_DAYS as usize) as u32;
        When::AllDay { first: d, last: d }
    } else {
        const STARTS: &[(u32, u32)] = &[
            (8, 30),
            (9, 0),
            (9, 30),
            (10, 0),
            (14, 0),
            (14, 30),
            (15, 0),
            (19, 0),
        ];
        let start = STARTS[rng.below(STARTS.len())];
        let mins = start.0 * 60 + start.1 + 30 * rng.range(2, 6);
        When::Timed {
            day: rng.below(WEEK_DAYS as usize) as u32,
            start,
            end: (mins / 60, mins % 60),
        }
    };

    let title = if launch {
        format!("{SITE_TITLE}启动仪式")
    } else {
        let ti = TOPICS.iter().position(|t| *t == topic0).unwrap();
        let ci = CATEGORIES.iter().position(|c| *c == category).unwrap();
        let who = if town == "区直单位" {
            organizer.clone()
        } else {
            town.to_string()
        };
        format!(
            "{who}{}{}",
            rng.pick(TOPIC_TITLES[ti]),
            rng.pick(CATEGORY_SUFFIX[ci])
        )
    };
    let capacity = 20 + 10 * rng.range(0, 28);
    let participants = rng
        .chance(4, 5)
        .then(|| capacity * rng.range(50, 100) / 100);
    let contact = format!(
        "{}老师 0519-8{:07}",
        rng.pick(SURNAMES),
        rng.next() % 10_000_000
    );
    let summary = format!(
        "{}，{}组织{}学习，{}。",
        rng.pick(WHEN),
        organizer,
        rng.pick(WHAT),
        rng.pick(PURPOSE)
    );
    let mut related = rng.below(n);
    if related == i {
        related = (i + 1) % n;
    }
    let mut e = Event {
        slug: slug(i),
        title,
        when,
        town,
        organizer,
        category,
        topics,
        audience,
        format,
        venue,
        address,
        online_url,
        free: !rng.chance(1, 10),
        capacity,
        participants,
        contact,
        launch,
        summary,
        photo,
        body: String::new(),
        related,
    };
    e.body = make_body(rng, &e);
    e
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml_list(v: &[&str]) -> String {
    format!("[{}]", v.join(", "))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Offline => "offline",
        Format::Online => "online",
        Format::Hybrid => "hybrid",
    }
}

/// Fields shared by both front matters.
fn common_fields(fm: &mut String, e: &Event) {
    let _ = writeln!(fm, "organizer: {}", yaml_str(&e.organizer));
    let _ = writeln!(fm, "format: {}", format_name(e.format));
    if let Some(v) = &e.venue {
        let _ = writeln!(fm, "venue: {}", yaml_str(v));
    }
    if let Some(a) = &e.address {
        let _ = writeln!(fm, "address: {}", yaml_str(a));
    }
    if let Some(u) = &e.online_url {
        let _ = writeln!(fm, "online_url: {u}");
    }
    let _ = writeln!(fm, "free: {}", e.free);
    let _ = writeln!(fm, "capacity: {}", e.capacity);
    if let Some(p) = e.participants {
        let _ = writeln!(fm, "participants: {p}");
    }
    let _ = writeln!(fm, "contact: {}", yaml_str(&e.contact));
    if e.launch {
        fm.push_str("launch: true\n");
    }
    let _ = writeln!(fm, "summary: {}", yaml_str(&e.summary));
    if let Some(p) = &e.photo {
        let _ = writeln!(fm, "cover: {}", p.file);
        let _ = writeln!(
            fm,
            "photos:\n  - src: {}\n    alt: {}",
            p.file,
            yaml_str(&p.alt)
        );
    }
}

fn when_strings(w: &When) -> (String, String) {
    match *w {
        When::Timed { day, start, end } => (
            format!("{} {}", date(day), clock(start)),
            format!("{} {}", date(day), clock(end)),
        ),
        When::AllDay { first, last } => (date(first), date(last)),
    }
}

fn xuezhou_page(e: &Event, link: &str) -> String {
    let (start, end) = when_strings(&e.when);
    let mut s = String::with_capacity(e.body.len() + 1024);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", yaml_str(&e.title));
    let _ = writeln!(s, "start: {start}");
    let _ = writeln!(s, "end: {end}");
    let _ = writeln!(s, "town: {}", e.town);
    let _ = writeln!(s, "category: {}", e.category);
    let _ = writeln!(s, "topics: {}", yaml_list(&e.topics));
    let _ = writeln!(s, "audience: {}", yaml_list(&e.audience));
    common_fields(&mut s, e);
    s.push_str("---\n\n");
    s.push_str(&e.body.replace(LINK_MARK, link));
    s
}

fn hugo_page(e: &Event, link: &str) -> String {
    let (start, end) = when_strings(&e.when);
    let date = match e.when {
        When::Timed { day, start, .. } => format!("{}T{}:00+08:00", date(day), clock(start)),
        When::AllDay { first, .. } => format!("{}T00:00:00+08:00", date(first)),
    };
    let mut s = String::with_capacity(e.body.len() + 1024);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", yaml_str(&e.title));
    let _ = writeln!(s, "date: {date}");
    let _ = writeln!(s, "start: \"{start}\"");
    let _ = writeln!(s, "end: \"{end}\"");
    let _ = writeln!(s, "towns: [{}]", e.town);
    let _ = writeln!(s, "categories: [{}]", e.category);
    let _ = writeln!(s, "topics: {}", yaml_list(&e.topics));
    let _ = writeln!(s, "audiences: {}", yaml_list(&e.audience));
    common_fields(&mut s, e);
    s.push_str("---\n\n");
    s.push_str(&e.body.replace(LINK_MARK, link));
    s
}

// ---------------------------------------------------------------------------------------------
// Static files of the two sites.

fn site_toml() -> String {
    format!(
        r#"title = "{SITE_TITLE}"
description = "{SLOGAN}"
base_url = "{BASE_URL}"
language = "zh-CN"
theme = "default"

[week]
start = 2022-12-02
end = 2022-12-08
slogan = "{SLOGAN}"
utc_offset = "+08:00"

[lists]
towns = [{towns}]
categories = [{cats}]
topics = [{topics}]
audiences = [{auds}]

[images]
widths = [480, 960, 1600]
quality = 80
webp = true

[tables]
publish = true
"#,
        towns = quoted(TOWNS),
        cats = quoted(CATEGORIES),
        topics = quoted(TOPICS),
        auds = quoted(AUDIENCES),
    )
}

fn quoted(v: &[&str]) -> String {
    v.iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

const HOME_MD: &str = "---\ntitle: \"武进区2022年全民终身学习活动周\"\n---\n\n\
2022年12月2日至8日，武进区以“砥砺奋进启新程 全民学习再出发”为主题举办全民终身学习活动周。\
各镇、街道和区直单位围绕**核心价值观教育、家庭教育、老年教育、职业技能培训、智慧助老和全民阅读**，\
组织了丰富多彩的线上线下学习活动，欢迎广大市民踊跃参与。\n";

const EVENTS_INDEX_MD: &str = "---\ntitle: \"活动安排\"\n---\n\n\
活动周期间各镇、街道和区直单位举办的讲座、培训、论坛、展览、阅读和展演活动，按日期排列。\
线上活动可通过直播链接参与，标注“免费”的活动均为免费惠民活动。\n";

const HUGO_TOML: &str = r#"baseURL = "https://example.org/bench/"
title = "武进区2022年全民终身学习活动周"
locale = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
buildFuture = true
enableRobotsTXT = true
timeZone = "Asia/Shanghai"

[params]
slogan = "砥砺奋进启新程 全民学习再出发"

[taxonomies]
town = "towns"
category = "categories"
topic = "topics"
audience = "audiences"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[services.rss]
limit = 100

[sitemap]
changeFreq = "daily"
filename = "sitemap.xml"
priority = 0.5
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "index.xml" | absURL }}">
</head>
<body>
<header><a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "events/" | relURL }}">活动</a> <a href="{{ "towns/" | relURL }}">镇街</a> <a href="{{ "categories/" | relURL }}">类别</a> <a href="{{ "topics/" | relURL }}">主题</a> <a href="{{ "audiences/" | relURL }}">对象</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Params.slogan }}</p></footer>
</body>
</html>
"#;

const HUGO_HOME: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p class="slogan">{{ site.Params.slogan }} · 2022-12-02 至 2022-12-08</p>
{{ .Content }}
{{ $events := where site.RegularPages "Section" "events" }}
{{ range where $events "Params.launch" true }}
<section class="launch"><h2>启动仪式</h2><p><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.start }} {{ .Params.venue }}</p></section>
{{ end }}
<section><h2>首日活动</h2><ul>
{{ range first 30 ($events.ByDate) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Params.start }}</time> {{ delimit .Params.towns " " }}</li>
{{ end }}</ul></section>
{{ end }}
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article class="event">
<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>时间</dt><dd>{{ .Params.start }}{{ with .Params.end }} – {{ . }}{{ end }}</dd>
<dt>镇街</dt><dd>{{ range .GetTerms "towns" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>类别</dt><dd>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>主题</dt><dd>{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>面向对象</dt><dd>{{ range .GetTerms "audiences" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>主办单位</dt><dd>{{ .Params.organizer }}</dd>
<dt>活动形式</dt><dd>{{ .Params.format }}</dd>
{{ with .Params.venue }}<dt>地点</dt><dd>{{ . }}{{ with $.Params.address }}（{{ . }}）{{ end }}</dd>{{ end }}
{{ with .Params.online_url }}<dt>线上参与</dt><dd><a href="{{ . }}">{{ . }}</a></dd>{{ end }}
<dt>是否免费</dt><dd>{{ if .Params.free }}免费{{ else }}收费{{ end }}</dd>
<dt>名额</dt><dd>{{ .Params.capacity }}{{ with .Params.participants }}（实际参与 {{ . }}）{{ end }}</dd>
<dt>联系方式</dt><dd>{{ .Params.contact }}</dd>
</dl>
{{ $page := . }}
{{ with .Params.photos }}<div class="gallery">
{{ range . }}{{ $alt := .alt }}{{ with $page.Resources.Get .src }}{{ $src := . }}
{{ $jpg := slice }}{{ $webp := slice }}{{ $img := "" }}
{{ range slice 480 960 1600 }}{{ if le . $src.Width }}
{{ $j := images.Filter (slice images.AutoOrient (images.Process (printf "resize %dx jpg q80" .))) $src }}
{{ $w := images.Filter (slice images.AutoOrient (images.Process (printf "resize %dx webp q80" .))) $src }}
{{ $jpg = $jpg | append (printf "%s %dw" $j.RelPermalink $j.Width) }}
{{ $webp = $webp | append (printf "%s %dw" $w.RelPermalink $w.Width) }}
{{ $img = $j }}
{{ end }}{{ end }}
{{ with $img }}<picture><source type="image/webp" srcset="{{ delimit $webp ", " }}" sizes="(max-width: 960px) 100vw, 960px">
<img src="{{ .RelPermalink }}" srcset="{{ delimit $jpg ", " }}" sizes="(max-width: 960px) 100vw, 960px" width="{{ .Width }}" height="{{ .Height }}" alt="{{ $alt }}" loading="lazy"></picture>{{ end }}
{{ end }}{{ end }}
</div>{{ end }}
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_SECTION: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range .Pages.GroupByDate "2006-01-02" "asc" }}
<section class="day"><h2>{{ .Key }}</h2><ul>
{{ range .Pages.ByDate }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Params.start }}</time> {{ delimit .Params.towns " " }} {{ .Params.venue }}{{ if .Params.free }} 免费{{ end }}</li>
{{ end }}</ul></section>
{{ end }}
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages.ByDate }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Params.start }}</time> {{ delimit .Params.towns " " }} {{ .Params.venue }}</li>
{{ end }}</ul>
{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}<h1>页面不存在</h1><p><a href="{{ site.Home.RelPermalink }}">返回首页</a></p>{{ end }}
"#;

const HUGO_RSS: &str = r#"{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ site.Title }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.slogan }}</description>
<language>zh-CN</language>
{{ with .OutputFormats.Get "rss" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml" />{{ end }}
{{ range first 100 (where site.RegularPages "Section" "events").ByDate.Reverse }}
<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<guid>{{ .Permalink }}</guid>
<description>{{ .Summary | transform.XMLEscape | safeHTML }}</description>
</item>
{{ end }}
</channel>
</rss>
"#;

const HUGO_CSS: &str =
    "body{font:20px/1.7 sans-serif;max-width:60em;margin:auto;padding:0 1em;color:#111}\
a{color:#0645ad}.facts dt{font-weight:bold}.gallery img{max-width:100%;height:auto}\n";

const ELEVENTY_IMG_MJS: &str = r#"// @11ty/eleventy-img on the same photos as xuezhou and Hugo: widths 480/960/1600, JPEG + WebP, q80.
// node img.mjs [OUTPUT_DIR]   (default: ./_site/img next to this file)
// Resolves @11ty/eleventy-img from ./node_modules (bench/run links it to bench/node/node_modules).
import Image from "@11ty/eleventy-img";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.join(here, "photos");
const outputDir = process.argv[2] || path.join(here, "_site", "img");
const files = readdirSync(srcDir).filter((f) => /\.jpe?g$/i.test(f)).sort();
const t0 = performance.now();
await Promise.all(
  files.map((f) =>
    Image(path.join(srcDir, f), {
      widths: [480, 960, 1600],
      formats: ["jpeg", "webp"],
      outputDir,
      urlPath: "/img/",
      sharpJpegOptions: { quality: 80 },
      sharpWebpOptions: { quality: 80 },
    }),
  ),
);
const secs = (performance.now() - t0) / 1000;
console.error(`eleventy-img: ${files.length} photos, concurrency ${Image.concurrency}, ${secs.toFixed(2)} s`);
"#;

// ---------------------------------------------------------------------------------------------
// Photos.

/// (width, height) from a JPEG's SOF segment.
fn jpeg_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 4 || data[0] != 0xFF || data[1] != 0xD8 {
        return None;
    }
    let mut pos = 2;
    while pos + 4 <= data.len() {
        if data[pos] != 0xFF {
            return None;
        }
        let marker = data[pos + 1];
        if marker == 0xFF {
            pos += 1;
            continue;
        }
        let len = u16::from_be_bytes([data[pos + 2], data[pos + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            if pos + 9 > data.len() {
                return None;
            }
            let h = u16::from_be_bytes([data[pos + 5], data[pos + 6]]) as u32;
            let w = u16::from_be_bytes([data[pos + 7], data[pos + 8]]) as u32;
            return Some((w, h));
        }
        if marker == 0xDA {
            return None;
        }
        pos += 2 + len;
    }
    None
}

/// The same JPEG with a comment segment (after the APPn segments) that makes its bytes unique.
fn unique_jpeg(data: &[u8], tag: &str) -> Vec<u8> {
    let mut pos = 2;
    while pos + 4 <= data.len() && data[pos] == 0xFF && (0xE0..=0xEF).contains(&data[pos + 1]) {
        pos += 2 + u16::from_be_bytes([data[pos + 2], data[pos + 3]]) as usize;
    }
    let pos = pos.min(data.len());
    let mut out = Vec::with_capacity(data.len() + tag.len() + 4);
    out.extend_from_slice(&data[..pos]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((tag.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&data[pos..]);
    out
}

fn source_photos(dir: &Path, min_px: u32) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("jpg") || x.eq_ignore_ascii_case("jpeg"))
        })
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let data = fs::read(&p)?;
        match jpeg_size(&data) {
            Some((w, h)) if w.max(h) >= min_px => out.push((p, data)),
            Some(_) => {}
            None => eprintln!("gen_site: skipping {} (no JPEG size found)", p.display()),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| die(dir, e));
    }
    fs::write(path, contents).unwrap_or_else(|e| die(path, e));
}

fn die(path: &Path, e: io::Error) -> ! {
    eprintln!("gen_site: {}: {e}", path.display());
    exit(1)
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Where event `j`'s Markdown file sits relative to content/events/.
fn md_path(j: usize, photo_count: usize) -> String {
    if j < photo_count {
        format!("{}/index.md", slug(j))
    } else {
        format!("{}.md", slug(j))
    }
}

fn main() {
    let args = parse_args();
    let mut rng = Rng(args.seed);
    let xz = args.out.join("xuezhou");
    let hugo = args.out.join("hugo");
    let eleventy = args.out.join("eleventy");
    for dir in [&xz, &hugo, &eleventy] {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|e| die(dir, e));
        }
    }

    let photos = match &args.photos {
        Some(dir) => {
            let p = source_photos(dir, args.photo_min_px).unwrap_or_else(|e| die(dir, e));
            if p.is_empty() && args.photo_count > 0 {
                eprintln!(
                    "gen_site: no JPEG in {} with a side of at least {} px",
                    dir.display(),
                    args.photo_min_px
                );
                exit(1);
            }
            p
        }
        None => Vec::new(),
    };

    // xuezhou site skeleton.
    write(&xz.join("site.toml"), site_toml());
    write(&xz.join("content/_index.md"), HOME_MD);
    write(&xz.join("content/events/_index.md"), EVENTS_INDEX_MD);
    if let Some(theme) = &args.theme_dir {
        copy_dir(theme, &xz.join("themes/default")).unwrap_or_else(|e| die(theme, e));
    }

    // Hugo site skeleton.
    write(&hugo.join("hugo.toml"), HUGO_TOML);
    write(&hugo.join("content/_index.md"), HOME_MD);
    write(&hugo.join("content/events/_index.md"), EVENTS_INDEX_MD);
    for (name, text) in [
        ("baseof.html", HUGO_BASEOF),
        ("home.html", HUGO_HOME),
        ("single.html", HUGO_SINGLE),
        ("section.html", HUGO_SECTION),
        ("taxonomy.html", HUGO_TAXONOMY),
        ("term.html", HUGO_TERM),
        ("404.html", HUGO_404),
        ("home.rss.xml", HUGO_RSS),
    ] {
        write(&hugo.join("layouts").join(name), text);
    }
    write(&hugo.join("static/style.css"), HUGO_CSS);

    let n = args.events;
    let mut total_chars = 0usize;
    let (mut min_chars, mut max_chars) = (usize::MAX, 0usize);
    for i in 0..n {
        let photo = (i < args.photo_count).then(|| Photo {
            file: format!("p{:04}.jpg", i + 1),
            alt: PHOTO_ALTS[i % PHOTO_ALTS.len()].to_string(),
        });
        let e = make_event(&mut rng, i, n, photo);
        let chars = e.body.chars().count();
        total_chars += chars;
        min_chars = min_chars.min(chars);
        max_chars = max_chars.max(chars);

        let bundle = i < args.photo_count;
        let target = md_path(e.related, args.photo_count);
        let xz_link = if bundle {
            format!("../{target}")
        } else {
            target
        };
        let hugo_link = format!("../{}/", slug(e.related));
        let rel = if bundle {
            format!("{}/index.md", e.slug)
        } else {
            format!("{}.md", e.slug)
        };
        write(
            &xz.join("content/events").join(&rel),
            xuezhou_page(&e, &xz_link),
        );
        write(
            &hugo.join("content/events").join(&rel),
            hugo_page(&e, &hugo_link),
        );

        if let Some(p) = &e.photo {
            let (src, data) = &photos[i % photos.len()];
            let tag = format!(
                "xuezhou-bench {} from {}",
                p.file,
                src.file_name().unwrap().to_string_lossy()
            );
            let bytes = unique_jpeg(data, &tag);
            write(
                &xz.join("content/events").join(&e.slug).join(&p.file),
                &bytes,
            );
            write(
                &hugo.join("content/events").join(&e.slug).join(&p.file),
                &bytes,
            );
            write(&eleventy.join("photos").join(&p.file), &bytes);
        }
    }
    if args.photo_count > 0 {
        write(&eleventy.join("img.mjs"), ELEVENTY_IMG_MJS);
    }
    eprintln!(
        "gen_site: {n} events (body {min_chars}..{max_chars} chars, mean {}), {} photos from {} originals -> {}",
        total_chars / n,
        args.photo_count,
        photos.len(),
        args.out.display()
    );
}
