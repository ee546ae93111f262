//! `xuezhou init DIR` (a new site with the default theme and one page of each kind) and
//! `xuezhou new KIND SLUG` (a page whose front matter lists every field, commented in Chinese).

use crate::messages::cli::Scaffold;
use crate::slug;
use crate::tr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy)]
pub enum NewKind {
    Event,
    Case,
    Star,
    Reading,
}

#[derive(Debug)]
pub struct ScaffoldError {
    pub message: String,
    /// The exit status: 1 for a problem with the site, 2 for bad usage.
    pub code: u8,
}

fn err(code: u8, message: impl Into<String>) -> ScaffoldError {
    ScaffoldError {
        message: message.into(),
        code,
    }
}

/// The default theme, built into the binary so that `init` works anywhere. The whole folder is
/// embedded, so a template added to the theme needs no change here.
static THEME: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of the embedded default theme, as (path inside the theme, bytes).
fn theme_files() -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for f in dir.files() {
            out.push((crate::files::slash(f.path()), f.contents()));
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&THEME, &mut out);
    out
}

// The example pages of `xuezhou init`, published as they are (their `draft:` line is removed).
const SAMPLE_EVENT: &str = r#"---
title: 社区智慧助老培训班            # 活动名称（必填）
start: 2022-12-03 09:00              # 开始时间（必填）：只写日期表示全天活动
end: 2022-12-03 11:00                # 结束时间（可不填）：不能早于开始时间；跨天活动写最后一天
town: 湖塘镇                          # 所在镇（街道）（必填）：须是 site.toml 中 towns 列表里的名称
organizer: 湖塘镇社区教育中心          # 主办单位（必填）
category: 培训                        # 活动类别（必填）：讲座、培训、论坛、展览、阅读、展演、其他
venue: 湖塘镇社区教育中心三楼教室      # 活动地点（必填；纯线上活动可不填）
address: 常州市武进区湖塘镇            # 详细地址（可不填）
format: offline                       # 活动形式：offline 线下、online 线上、hybrid 线上线下结合
online_url:                           # 线上参加的网址（线上或线上线下结合时必填），以 https:// 开头
topics: [智慧助老]                    # 活动主题（可多个）：核心价值观教育、家庭教育、老年教育、职业技能培训、智慧助老、全民阅读、四个一
audience: [老年人]                    # 面向对象（可多个）：社区居民、老年人、青少年、学生、教师、农民工、残疾人、零就业家庭、特困家庭学生
free: true                            # 是否免费：true 免费惠民，false 收费
capacity: 40                          # 计划名额（人数）
participants:                         # 实际参加人数：活动结束后填写，用于附件2 情况统计表
contact: 王老师 0519-86000000         # 联系方式
launch: false                         # 是否启动仪式：true 是
weight: 0                             # 排序（可不填）：同一时间的活动，数字大的排在前面
summary: 手把手教老年朋友使用智能手机。 # 一句话简介：显示在列表和微信分享卡片上
cover:                                # 封面图片：与本文件放在同一文件夹中的图片文件名
photos: []                            # 活动照片，每张都要写 alt（照片内容说明，供视障读者使用），例如：
#  - src: 1.jpg
#    alt: 老师在教老人用手机扫码
#    caption: 学员们认真学习
draft: true                           # 草稿：true 时不发布；写好后改为 false 或删掉这一行
---

## 活动简介

在这里写活动介绍。

## 报名方式

在这里写报名方式。
"#;

const SAMPLE_CASE: &str = r#"---
title: 社区学习共同体建设的探索与实践   # 案例标题（必填）
unit: 湖塘镇社区教育中心              # 单位（必填）
town: 湖塘镇                          # 所在镇（街道）（必填）
date: 2022-12-09                      # 日期（可不填）
type: 典型案例                        # 类型：典型案例 或 品牌项目
topics: [老年教育]                    # 主题（可多个），须是 site.toml 中 topics 列表里的名称
summary: 一句话概括案例。              # 简介：显示在列表和微信分享卡片上
cover:                                # 封面图片文件名
photos: []                            # 活动照片（区里要求 5 张），每张都要写 alt，例如：
#  - src: 1.jpg
#    alt: 居民在社区学校上书法课
# video:                              # 活动视频（不超过 5 分钟），与本文件放在同一文件夹
#   src: video.mp4                    # 视频文件名（mp4、mov 或 m4v），与本文件放在同一文件夹
#   poster: poster.jpg                # 视频封面图片
#   duration: "4:30"                  # 时长，分:秒
weight: 0                             # 排序（可不填）：数字越大，在列表中越靠前
draft: true                           # 草稿：写好后改为 false 或删掉这一行
---

## 基本情况

## 主要做法

## 取得成效
"#;

const SAMPLE_STAR: &str = r#"---
name: 张秀英                          # 姓名（必填）
town: 湖塘镇                          # 所在镇（街道）（必填）
occupation: 退休教师                  # 职业（可不填）
honors: [2022年武进区百姓学习之星]    # 所获荣誉（可多个）
quote: 活到老，学到老。                # 学习感言（一句话）
portrait:                             # 本人照片文件名（会裁成正方形）
summary: 一句话介绍。                  # 简介：显示在列表和微信分享卡片上
cover:                                # 封面图片文件名（可不填；不填时列表里用本人照片）
photos: []                            # 学习生活照片，每张都要写 alt（照片内容说明），例如：
#  - src: 1.jpg
#    alt: 张秀英在社区学校教居民写书法
weight: 0                             # 排序（可不填）：数字越大，在列表中越靠前
draft: true                           # 草稿：写好后改为 false 或删掉这一行
---

在这里写学习故事。
"#;

const SAMPLE_READING: &str = r#"---
title: 老年朋友的好书                  # 书单名称（必填）
curator: 武进区图书馆                  # 推荐单位或推荐人（必填）
audience: [老年人]                    # 适合的读者（可多个）
summary: 一句话介绍书单。              # 简介
cover:                                # 书单封面图片文件名（可不填）
photos: []                            # 照片，每张都要写 alt（照片内容说明），例如：
#  - src: 1.jpg
#    alt: 读者在图书馆阅览室读书
weight: 0                             # 排序（可不填）：数字越大，在列表中越靠前
books:                                # 书目，每本书一组
  - title: 平凡的世界                  # 书名（必填）
    author: 路遥                       # 作者
    publisher: 北京十月文艺出版社       # 出版社
    year: 2012                         # 出版年份
    isbn: "9787530212004"              # ISBN（13 位，最后一位是校验码，写错会报错）
    cover:                             # 封面图片文件名（可不填）
    note: 推荐理由写在这里。            # 推荐语
draft: true                           # 草稿：写好后改为 false 或删掉这一行
---

在这里写书单的介绍。
"#;

// The pages of `xuezhou new`: every field is empty (its comment says what to write, with an
// example) and the body's lines to replace are marked `（在这里写…）`. With real-looking sample
// values, a page whose `draft:` line was deleted before every field was edited would publish
// them; empty, the build names each field still to fill, at its line.

/// The page `xuezhou new event` writes; `import` fills in the same lines (src/import/write.rs).
pub const NEW_EVENT: &str = r#"---
title:                                # 活动名称（必填），例如：社区智慧助老培训班
start:                                # 开始时间（必填），例如：2022-12-03 09:00；只写日期（2022-12-03）表示全天活动
end:                                  # 结束时间（可不填），例如：2022-12-03 11:00；不能早于开始时间；跨天活动写最后一天
town:                                 # 所在镇（街道）（必填）：须是 site.toml 中 towns 列表里的名称，例如：湖塘镇
organizer:                            # 主办单位（必填），例如：湖塘镇社区教育中心
category:                             # 活动类别（必填）：讲座、培训、论坛、展览、阅读、展演、其他
venue:                                # 活动地点（必填；纯线上活动可不填），例如：湖塘镇社区教育中心三楼教室
address:                              # 详细地址（可不填）
format: offline                       # 活动形式：offline 线下、online 线上、hybrid 线上线下结合
online_url:                           # 线上参加的网址（线上或线上线下结合时必填），以 https:// 开头
topics: []                            # 活动主题（可多个），例如：[智慧助老]；可选：核心价值观教育、家庭教育、老年教育、职业技能培训、智慧助老、全民阅读、四个一
audience: []                          # 面向对象（可多个），例如：[老年人]；可选：社区居民、老年人、青少年、学生、教师、农民工、残疾人、零就业家庭、特困家庭学生
free:                                 # 是否免费：是（免费惠民）或 否（收费）
capacity:                             # 计划名额（人数），例如：40
participants:                         # 实际参加人数：活动结束后填写，用于附件2 情况统计表
contact:                              # 联系方式：联系人和电话
launch: false                         # 是否启动仪式：是 或 否
weight: 0                             # 排序（可不填）：同一时间的活动，数字大的排在前面
summary:                              # 一句话简介：显示在列表和微信分享卡片上
cover:                                # 封面图片：与本文件放在同一文件夹中的图片文件名
photos: []                            # 活动照片，每张都要写 alt（照片内容说明，供视障读者使用），例如：
#  - src: 1.jpg
#    alt: 老师在教老人用手机扫码
#    caption: 学员们认真学习
draft: true                           # 草稿：true（是）时不发布；写好后改为 false（否）或删掉这一行
---

## 活动简介

（在这里写活动介绍）

## 报名方式

（在这里写报名方式）
"#;

const NEW_CASE: &str = r#"---
title:                                # 案例标题（必填），例如：社区学习共同体建设的探索与实践
unit:                                 # 单位（必填），例如：湖塘镇社区教育中心
town:                                 # 所在镇（街道）（必填）：须是 site.toml 中 towns 列表里的名称，例如：湖塘镇
date:                                 # 日期（可不填），例如：2022-12-09
type: 典型案例                        # 类型：典型案例 或 品牌项目
topics: []                            # 主题（可多个），例如：[老年教育]；须是 site.toml 中 topics 列表里的名称
summary:                              # 简介：一句话概括案例，显示在列表和微信分享卡片上
cover:                                # 封面图片文件名
photos: []                            # 活动照片（区里要求 5 张），每张都要写 alt，例如：
#  - src: 1.jpg
#    alt: 居民在社区学校上书法课
# video:                              # 活动视频（不超过 5 分钟），与本文件放在同一文件夹
#   src: video.mp4                    # 视频文件名（mp4、mov 或 m4v），与本文件放在同一文件夹
#   poster: poster.jpg                # 视频封面图片
#   duration: "4:30"                  # 时长，分:秒
weight: 0                             # 排序（可不填）：数字越大，在列表中越靠前
draft: true                           # 草稿：写好后改为 false（否）或删掉这一行
---

## 基本情况

（在这里写基本情况）

## 主要做法

（在这里写主要做法）

## 取得成效

（在这里写取得成效）
"#;

const NEW_STAR: &str = r#"---
name:                                 # 姓名（必填）
town:                                 # 所在镇（街道）（必填）：须是 site.toml 中 towns 列表里的名称，例如：湖塘镇
occupation:                           # 职业（可不填），例如：退休教师
honors: []                            # 所获荣誉（可多个），例如：[2022年武进区百姓学习之星]
quote:                                # 学习感言（一句话），例如：活到老，学到老。
portrait:                             # 本人照片文件名（会裁成正方形）
summary:                              # 简介：一句话介绍，显示在列表和微信分享卡片上
cover:                                # 封面图片文件名（可不填；不填时列表里用本人照片）
photos: []                            # 学习生活照片，每张都要写 alt（照片内容说明），例如：
#  - src: 1.jpg
#    alt: 张秀英在社区学校教居民写书法
weight: 0                             # 排序（可不填）：数字越大，在列表中越靠前
draft: true                           # 草稿：写好后改为 false（否）或删掉这一行
---

（在这里写学习故事）
"#;

const NEW_READING: &str = r#"---
title:                                # 书单名称（必填），例如：老年朋友的好书
curator:                              # 推荐单位或推荐人（必填），例如：武进区图书馆
audience: []                          # 适合的读者（可多个），例如：[老年人]
summary:                              # 简介：一句话介绍书单
cover:                                # 书单封面图片文件名（可不填）
photos: []                            # 照片，每张都要写 alt（照片内容说明），例如：
#  - src: 1.jpg
#    alt: 读者在图书馆阅览室读书
weight: 0                             # 排序（可不填）：数字越大，在列表中越靠前
books:                                # 书目，每本书一组（“- title:” 开始一本）
  - title:                             # 书名（必填），例如：平凡的世界
    author:                            # 作者
    publisher:                         # 出版社
    year:                              # 出版年份，例如：2012
    isbn:                              # ISBN（13 位，写在引号里，例如 "9787530212004"；最后一位是校验码，写错会报错）
    cover:                             # 封面图片文件名（可不填）
    note:                              # 推荐语
draft: true                           # 草稿：写好后改为 false（否）或删掉这一行
---

（在这里写书单的介绍）
"#;

/// Writes a new page; never overwrites one that exists.
pub fn new_page(root: &Path, kind: NewKind, slug_arg: &str) -> Result<PathBuf, ScaffoldError> {
    if !root.join("site.toml").is_file() {
        return Err(err(1, tr!(Scaffold::NotASite, root = root.display())));
    }
    if !slug::is_valid_slug(slug_arg) {
        return Err(err(
            2,
            tr!(
                Scaffold::BadSlug,
                slug = slug_arg,
                suggested = slug::suggest_slug(slug_arg)
            ),
        ));
    }
    let (section, text) = match kind {
        NewKind::Event => ("events", NEW_EVENT),
        NewKind::Case => ("cases", NEW_CASE),
        NewKind::Star => ("stars", NEW_STAR),
        NewKind::Reading => ("reading", NEW_READING),
    };
    let dir = root.join("content").join(section);
    let file = dir.join(format!("{slug_arg}.md"));
    let bundle = dir.join(slug_arg).join("index.md");
    for existing in [&file, &bundle] {
        if existing.exists() {
            return Err(err(1, tr!(Scaffold::PageExists, path = existing.display())));
        }
    }
    // A bundle folder, so that photos can be dropped beside the page.
    std::fs::create_dir_all(bundle.parent().unwrap_or(&dir)).map_err(|e| {
        err(
            1,
            tr!(Scaffold::CannotCreate, path = dir.display(), error = e),
        )
    })?;
    std::fs::write(&bundle, text).map_err(|e| {
        err(
            1,
            tr!(Scaffold::CannotWrite, path = bundle.display(), error = e),
        )
    })?;
    Ok(bundle)
}

const SITE_TOML: &str = r#"title = "全民终身学习活动周"              # 网站名称（必填）
description = "全民终身学习活动周宣传网站"
base_url = "https://example.org/"          # 网站发布后的地址（必填），可以带路径，如 https://example.org/xuexizhou/2022/
language = "zh-CN"
theme = "default"

[week]
start = 2022-12-02                          # 活动周第一天
end = 2022-12-08                            # 活动周最后一天
slogan = "砥砺奋进启新程 全民学习再出发"
utc_offset = "+08:00"

[images]
widths = [480, 960, 1600]                   # 图片缩放宽度（不会放大）
quality = 80
webp = true

[tables]
publish = true                              # false：两张统计表只写到 reports/ 文件夹，不发布

[search]
synonyms = ["老人 = 老年人"]                # 同义词：每组用等号隔开，搜其中一个词也能找到同组其他词
"#;

const HOME: &str = "---\ntitle: 首页\n---\n\n欢迎参加全民终身学习活动周！\n";

fn sample(text: &str, draft_line: &str) -> String {
    text.replace(draft_line, "")
        .replace("photos: []                            # 活动照片（区里要求 5 张），每张都要写 alt，例如：\n", "photos: []\n")
}

/// Makes a new site in `dir` (which must not exist or be empty).
pub fn init(dir: &Path) -> Result<(), ScaffoldError> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(err(1, tr!(Scaffold::NotEmpty, dir = dir.display())));
        }
    }
    let write = |rel: &str, text: &str| -> Result<(), ScaffoldError> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                err(
                    1,
                    tr!(Scaffold::CannotCreate, path = parent.display(), error = e),
                )
            })?;
        }
        std::fs::write(&p, text)
            .map_err(|e| err(1, tr!(Scaffold::CannotWrite, path = p.display(), error = e)))
    };
    write("site.toml", SITE_TOML)?;
    for (rel, bytes) in theme_files() {
        let p = dir.join("themes/default").join(&rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                err(
                    1,
                    tr!(Scaffold::CannotCreate, path = parent.display(), error = e),
                )
            })?;
        }
        std::fs::write(&p, bytes)
            .map_err(|e| err(1, tr!(Scaffold::CannotWrite, path = p.display(), error = e)))?;
    }
    write("static/.keep", "")?;
    write("content/_index.md", HOME)?;
    let draft = "draft: true                           # 草稿：true 时不发布；写好后改为 false 或删掉这一行\n";
    let draft2 = "draft: true                           # 草稿：写好后改为 false 或删掉这一行\n";
    write(
        "content/events/zhihui-zhulao/index.md",
        &sample(SAMPLE_EVENT, draft),
    )?;
    write(
        "content/cases/xuexi-gongtongti/index.md",
        &sample(SAMPLE_CASE, draft2),
    )?;
    write(
        "content/stars/zhang-xiuying/index.md",
        &sample(SAMPLE_STAR, draft2),
    )?;
    write(
        "content/reading/laonian-haoshu/index.md",
        &sample(SAMPLE_READING, draft2),
    )?;
    write(
        "content/about.md",
        "---\ntitle: 关于本站\n---\n\n本站由社区教育中心编辑发布。\n",
    )?;
    Ok(())
}
