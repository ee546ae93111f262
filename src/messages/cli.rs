//! The command line's messages (src/main.rs): help texts, usage errors, the lines a run ends with.

crate::catalogue! {
    pub enum Cli {
        Summary {
            "{errors} 个错误，{warnings} 个警告",
            "{errors} error{errors_s}, {warnings} warning{warnings_s}",
        }
    }
}

crate::catalogue! {
    /// `--help`: what each command and option is for. Every option has one (tests/cli_help.rs).
    pub enum Help {
        About {
            "学周：全民终身学习活动周的宣传网站生成工具",
            "学周: the site of a lifelong-learning activity week (全民终身学习活动周)",
        }
        AfterHelp {
            "想看某个命令的说明，请运行 xuezhou 命令 --help，例如 xuezhou build --help。\n默认说中文；要英文，请加 --lang en 或设置环境变量 XUEZHOU_LANG=en。",
            "For one command's options run xuezhou COMMAND --help, e.g. xuezhou build --help.\nChinese is the default; --lang zh or XUEZHOU_LANG=zh switches back from English.",
        }
        Usage { "用法：", "Usage: " }
        Commands { "命令", "Commands" }
        Arguments { "参数", "Arguments" }
        Options { "选项", "Options" }
        HelpFlag { "显示这段说明", "Print help" }
        VersionFlag { "显示版本号", "Print version" }
        Lang {
            "界面语言：zh 中文（默认）或 en 英文；也可以设置环境变量 XUEZHOU_LANG",
            "Language of messages: zh Chinese (the default) or en English; also XUEZHOU_LANG",
        }
        Build {
            "生成整个网站，放到网站文件夹的 public/ 里（或 --output 指定的文件夹）",
            "Build the site into ROOT/public (or --output DIR)",
        }
        Serve {
            "预览网站：生成后在浏览器里打开，每次保存都会自动刷新",
            "Build, serve and rebuild on every edit, with live reload",
        }
        Check {
            "检查所有页面、图片和链接，和 build 一样，但什么也不写",
            "Everything build checks; writes nothing",
        }
        New {
            "新建一个页面，所有可填的项都列好，并附中文说明",
            "A new page with every field of its kind, commented in Chinese",
        }
        Init {
            "新建一个网站：带默认主题和每种页面的示例",
            "A new site: default theme, one page of each kind",
        }
        Template {
            "生成空白的附件1 主要活动安排表（填写模板），发给各镇（街道）填写",
            "A blank 附件1 workbook to hand out to the towns (填写模板)",
        }
        Import {
            "把各镇（街道）填好的附件1 表格（.xlsx/.xls/.csv）导入成 content/events/ 里的活动页面",
            "Filled 附件1 sheets (.xlsx/.xls/.csv) become event pages in content/events/",
        }
        Root {
            "网站文件夹（有 site.toml 的那个）；不写就是当前文件夹",
            "The site folder (the one with site.toml); the current folder if not given",
        }
        Output {
            "把网站生成到这个文件夹，而不是网站文件夹里的 public/",
            "Write the site into this folder instead of public/ in the site folder",
        }
        BaseUrl {
            "网站将来的地址，代替 site.toml 里的 base_url，例如 https://example.org/xuexizhou/2022/",
            "The address the site will live at; overrides base_url in site.toml",
        }
        Drafts {
            "把标了 `draft: true`（草稿）的页面也一起生成",
            "Include pages marked `draft: true`",
        }
        Bind {
            "预览的网络地址：默认 127.0.0.1 只有本机能看；写 0.0.0.0 让同一 Wi-Fi 下的手机也能看",
            "The address to listen on: 127.0.0.1 (the default) for this computer only, 0.0.0.0 for phones on the same Wi-Fi too",
        }
        Port {
            "预览的端口号，默认 1111",
            "The port to listen on (default 1111)",
        }
        NewKind {
            "页面种类：event 活动、case 案例、star 百姓学习之星、reading 书单",
            "The kind of page: event, case, star (百姓学习之星) or reading (a reading list)",
        }
        NewSlug {
            "页面的网址名，只用小写字母 a-z、数字 0-9 和减号 -，例如 hutang-jiangzuo",
            "The page's address name: a-z, 0-9 and - only, such as hutang-jiangzuo",
        }
        InitDir {
            "新网站的文件夹，必须是新的或空的",
            "The new site's folder; it must be new or empty",
        }
        TemplateWhat {
            "要生成的模板：schedule 附件1 主要活动安排表",
            "Which template: schedule (附件1 主要活动安排表)",
        }
        TemplateFile {
            "保存到这个文件；不写就是“附件1 主要活动安排表（填写模板）.xlsx”",
            "Where to write it [default: 附件1 主要活动安排表（填写模板）.xlsx]",
        }
        ImportFiles {
            "填好的附件1 表格文件，可以一次写好几个",
            "The filled 附件1 sheets, one or more",
        }
        DryRun {
            "只检查，列出会新建或修改哪些页面，不写任何文件",
            "Check everything and list the pages it would write or change; write nothing",
        }
        Force {
            "导入后又被手工改过的页面，也用表格里的内容覆盖",
            "Overwrite pages edited by hand since they were imported",
        }
        Town {
            "表格里“所在镇（街道）”一栏没有或空着时，所有行都用这个镇街",
            "The town of every row whose 所在镇（街道） column is missing or empty",
        }
        Category {
            "表格里“活动类别”一栏没有或空着时，所有行都用这个类别",
            "The category of every row whose 活动类别 column is missing or empty",
        }
    }
}

crate::catalogue! {
    /// What the command line says when it is written wrong (exit status 2).
    pub enum Usage {
        UnknownOption {
            "xuezhou 不认识“{arg}”这个写法。",
            "unexpected argument '{arg}'",
        }
        DidYouMean {
            "是不是想写“{near}”？",
            " did you mean '{near}'?",
        }
        UnknownCommand {
            "xuezhou 没有“{arg}”这个命令。",
            "unrecognized subcommand '{arg}'",
        }
        BadValue {
            "“{arg}”的值“{value}”不对。",
            "invalid value '{value}' for '{arg}'",
        }
        BadValueBecause {
            "“{arg}”的值“{value}”不对：{why}",
            "invalid value '{value}' for '{arg}': {why}",
        }
        ValidValues {
            "可以写的有：{values}",
            "possible values: {values}",
        }
        Missing {
            "少写了：{args}",
            "the following required arguments were not provided: {args}",
        }
        NoCommand {
            "请写上要做什么，例如 xuezhou build 或 xuezhou serve。",
            "a command is required, such as xuezhou build or xuezhou serve",
        }
        NoValue {
            "“{arg}”后面要写一个值。",
            "a value is required for '{arg}' but none was supplied",
        }
        Other {
            "命令行写得不对：{detail}",
            "bad command line: {detail}",
        }
        SeeHelp {
            "想看所有选项，请运行：{command} --help",
            "For more information, try '{command} --help'.",
        }
        Label { "命令写错了：", "error: " }
        NotNumber {
            "这里要写一个数字（1 到 65535），例如 1111",
            "a whole number from 1 to 65535 is needed here, such as 1111",
        }
    }
}

crate::catalogue! {
    /// The lines a run ends with, and what `init`, `new` and `template` say.
    pub enum Run {
        Built {
            "已生成 {pages} 个页面（{files} 个文件，{images} 张图片：新处理 {decoded} 张，{cached} 张来自缓存），放在 {output}，用时 {millis} 毫秒",
            "built {pages} pages ({files} files, {images} images: {decoded} processed, {cached} from cache) into {output} in {millis} ms",
        }
        Checked {
            "检查了 {pages} 个页面：没有错误",
            "checked {pages} pages: no errors",
        }
        BuildFailedChanged {
            "生成失败：{changed}",
            "build failed: {changed}",
        }
        BuildFailedUnchanged {
            "生成失败：什么也没有写，原来的网站没有变",
            "build failed: nothing was written; the previous output is unchanged",
        }
        BuildFailedFirst {
            "生成失败：什么也没有写，之前也还没有生成过网站（{output} 不存在）",
            "build failed: nothing was written, and there is no earlier output ({output} does not exist)",
        }
        BuildRefused {
            "生成失败：什么也没有生成或改动",
            "build failed: nothing was built or changed",
        }
        CheckFailed {
            "检查没有通过：请按上面的提示修改",
            "check failed",
        }
        OutputNamed { "--output 指定的文件夹", "--output" }
        OutputDefault { "输出文件夹", "the output folder" }
        Error { "错误：{message}", "error: {message}" }
        Created {
            "已新建 {path}\n请填好各项，然后运行 `xuezhou serve` 预览",
            "created {path}\nfill in the fields, then run `xuezhou serve` to preview",
        }
        InitDone {
            "已在 {dir} 新建网站\n下一步：cd {dir}，然后运行 xuezhou serve",
            "created a new site in {dir}\nnext: cd {dir} && xuezhou serve",
        }
        TemplateNoSite {
            "错误：{root} 里没有可用的 site.toml：请在网站文件夹里运行，或用 --root 指出网站文件夹",
            "error: there is no usable site.toml in {root}: run it in the site folder, or name the site folder with --root",
        }
        TemplateExists {
            "错误：{file} 已经存在，没有覆盖它（它可能是填好的表）：删掉它，或换一个文件名",
            "error: {file} already exists and was not overwritten (it may be a filled-in sheet): delete it, or choose another name",
        }
        TemplateDone {
            "已生成 {file}：发给各镇（街道）填写，收回后用 xuezhou import 导入",
            "wrote {file}: hand it out to the towns, and read the filled sheets back with xuezhou import",
        }
        TemplateCannotWrite {
            "错误：写不了 {file}：{error}",
            "error: cannot write {file}: {error}",
        }
    }
}

crate::catalogue! {
    /// What `init` and `new` say when they cannot do it (src/scaffold.rs).
    pub enum Scaffold {
        NotASite {
            "{root} 不是 xuezhou 网站（里面没有 site.toml）：请在网站文件夹里运行，或用 --root 文件夹 指出它",
            "{root} is not a xuezhou site (it has no site.toml): run this in the site folder or give --root DIR",
        }
        BadSlug {
            "“{slug}”不能当网址名：只能用小写字母 a-z、数字 0-9 和减号 -，例如 `{suggested}`",
            "\"{slug}\" cannot be a page address: use a-z, 0-9 and -, for example `{suggested}`",
        }
        PageExists {
            "{path} 已经存在，没有动它。请换一个名字。",
            "{path} already exists; it was left as it is. Choose another name.",
        }
        CannotCreate {
            "建不了 {path}：{error}",
            "cannot create {path}: {error}",
        }
        CannotWrite {
            "写不了 {path}：{error}",
            "cannot write {path}: {error}",
        }
        NotEmpty {
            "{dir} 已经存在，而且里面有文件；什么也没有改。请换一个新文件夹。",
            "{dir} already exists and is not empty; nothing was changed. Choose a new folder.",
        }
    }
}
