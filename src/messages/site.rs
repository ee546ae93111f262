//! site.toml's messages (src/load/config/), and what `files` says about a path it refuses.

crate::catalogue! {
    pub enum Site {
        CannotRead = "XZ-E201" {
            "读不了 site.toml：{why}",
            "cannot read site.toml: {why}",
        }
        CannotReadHelp {
            "请在网站文件夹里运行 xuezhou，或用 --root 文件夹 指出网站文件夹，或用 `xuezhou init 文件夹名` 新建一个网站",
            "run xuezhou in the site folder, give it with --root DIR, or create one with `xuezhou init DIR`",
        }
        It {
            "它{why}",
            "it {why}",
        }
        NotToml = "XZ-E202" {
            "site.toml 的写法有错：{detail}",
            "site.toml is not valid TOML: {detail}",
        }
        NotTomlHelp {
            "请检查这一行的英文引号、方括号，以及 `名称 = 值` 的写法",
            "check quotes, brackets and `key = value` on this line",
        }
        NoTitle = "XZ-E203" {
            "site.toml 里没有写 title（网站名称）。",
            "site.toml has no `title`",
        }
        NoTitleHelp {
            "加一行，例如 `title = \"武进区2022年全民终身学习活动周\"`",
            "add a line such as `title = \"武进区2022年全民终身学习活动周\"`",
        }
        NoBaseUrl = "XZ-E204" {
            "site.toml 里没有写 base_url（网站地址）。",
            "site.toml has no `base_url`",
        }
        NoBaseUrlHelp {
            "写上网站将来的地址，例如 `base_url = \"https://example.org/xuexizhou/2022/\"`",
            "add the address the site will live at, such as `base_url = \"https://example.org/xuexizhou/2022/\"`",
        }
        BadBaseUrl = "XZ-E205" {
            "base_url（网站地址）{problem}",
            "base_url {problem}",
        }
        BaseUrlHelp {
            "请写完整的地址，以 https:// 开头，例如 https://example.org/xuexizhou/2022/",
            "write it in full, starting with https://, such as https://example.org/xuexizhou/2022/",
        }
        UrlNotWeb {
            "“{url}”不是网址",
            "\"{url}\" is not a web address",
        }
        UrlNoHost {
            "“{url}”在 // 后面没有网站域名",
            "\"{url}\" has no host name after the //",
        }
        UrlSpace {
            "“{url}”里有空格或看不见的控制字符（{bad}）",
            "\"{url}\" contains a space or control character ({bad})",
        }
        UrlBadChar {
            "“{url}”里有 `{c}`，网站地址里不能有这个字符",
            "\"{url}\" contains `{c}`, which has no place in a site's address",
        }
        WeekEndBeforeStart = "XZ-E206" {
            "[week] 的结束日期 end {end} 早于开始日期 start {start}。",
            "[week] end {end} is before start {start}",
        }
        BadOffset = "XZ-E207" {
            "utc_offset（时区）写的“{offset}”不是时区。",
            "utc_offset \"{offset}\" is not an offset",
        }
        BadOffsetHelp {
            "写成 \"+08:00\"（北京时间）",
            "write it as \"+08:00\" (China Standard Time)",
        }
        UnknownSetting = "XZ-E208" {
            "site.toml 没有“{key}”这项设置{where_}。",
            "unknown setting `{key}`{where_}",
        }
        InSection {
            "（在 [{section}] 里）",
            " in [{section}]",
        }
        WrongType = "XZ-E209" {
            "`{key}` 应当是{expected}。",
            "`{key}` must be {expected}",
        }
        ExpectSection {
            "一个段落 `[{key}]`",
            "a section `[{key}]`",
        }
        ExpectText {
            "用英文双引号括起来的文字",
            "text in double quotes",
        }
        ExpectNames {
            "用英文双引号括起来的名称列表，例如 [\"湖塘镇\", \"牛塘镇\"]",
            "a list of names in double quotes, such as [\"湖塘镇\", \"牛塘镇\"]",
        }
        ExpectDate {
            "日期，例如 2022-12-02",
            "a date such as 2022-12-02",
        }
        ExpectWidths {
            "16 到 8192 之间的像素宽度列表，例如 [480, 960, 1600]",
            "a list of widths in pixels between 16 and 8192, such as [480, 960, 1600]",
        }
        ExpectWidthList {
            "像素宽度的列表，例如 [480, 960, 1600]",
            "a list of widths in pixels, such as [480, 960, 1600]",
        }
        ExpectQuality {
            "1 到 100 之间的数字，例如 80",
            "a number from 1 to 100, such as 80",
        }
        NotYesNo = "XZ-E210" {
            "`{key}` 只能写 true 或 false。",
            "`{key}` must be true or false",
        }
        NotYesNoHelp {
            "写 `{key} = true`（是）或 `{key} = false`（否）（也可以加英文引号写：{accepted}）",
            "write `{key} = true` or `{key} = false` (also accepted, in quotes: {accepted})",
        }
        // What `files` says about a path it will not read, after the path or "this file".
        Missing {
            "不存在",
            "does not exist",
        }
        Outside {
            "在网站文件夹之外（实际位置是 {real}），只有网站文件夹里的文件才会发布",
            "is outside the site folder (it is {real}), and only files inside the site are published",
        }
        IsFolder {
            "是一个文件夹，不是文件",
            "is a folder, not a file",
        }
        NotAFile {
            "是{kind}，不是普通文件",
            "is {kind}, not a file",
        }
        TooBig {
            "有 {size} MB，超过了允许的 {limit} MB",
            "is {size} MB, more than the {limit} MB allowed",
        }
        CannotReadFile {
            "读不了：{error}",
            "cannot be read: {error}",
        }
        SynonymsNotList = "XZ-E211" {
            "[search] 里的 synonyms（同义词）应当是一组用方括号括起来的字符串。",
            "[search] synonyms should be a list of strings in square brackets",
        }
        SynonymNotText = "XZ-E212" {
            "[search] synonyms 里的 {item} 不是带引号的字符串。",
            "[search] synonyms: {item} is not a quoted string",
        }
        SynonymTooFew = "XZ-E213" {
            "[search] synonyms 里的“{text}”应当是用等号隔开的两个或更多的词。",
            "[search] synonyms: \"{text}\" should be two or more words joined by =",
        }
        SynonymHasSpace = "XZ-E214" {
            "[search] synonyms 里的“{word}”中间有空格：每个词要连着写。",
            "[search] synonyms: \"{word}\" has a space in it; write each word without spaces",
        }
        SynonymsHelp {
            "每组同义词写成一个带引号的字符串，词与词之间用等号隔开，例如：synonyms = [\"老人 = 老年人\", \"手机 = 智能手机\"]",
            "write each group as one quoted string, its words joined by =, e.g. synonyms = [\"老人 = 老年人\", \"手机 = 智能手机\"]",
        }
    }
}
