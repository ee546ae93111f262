//! The load stage's messages: page files, front matter and its fields (src/load/).

crate::catalogue! {
    pub enum Load {
        MissingField = "XZ-E101" {
            "{kind}缺少必填项 {field}。",
            "{kind} is missing the required field {field}",
        }
        MissingFieldAdd {
            "请在两行 --- 之间加上一行：`{key}: {example}`",
            "add a line to the front matter: `{key}: {example}`",
        }
        MissingFieldFill {
            "请在冒号后面写上内容，例如 `{key}: {example}`",
            "write it after the colon, such as `{key}: {example}`",
        }
        NotText = "XZ-E102" {
            "{field}应当是一行文字，不能是列表或一组字段。",
            "{field} must be text, not a list or a group of fields",
        }
        NotTextHelp {
            "把它写在一行里：`{key}: ...`",
            "write it on one line: `{key}: ...`",
        }
        NotYesNo = "XZ-E103" {
            "{field}只能写 true 或 false，这里写的是 {value}。",
            "{field} must be true or false, not {value}",
        }
        NotYesNoHelp {
            "写 `{key}: true`（是）或 `{key}: false`（否）（也可以写：{accepted}）",
            "write `{key}: true` or `{key}: false` (also accepted: {accepted})",
        }
        NotWholeNumber = "XZ-E104" {
            "{field}应当是整数，这里写的是 {value}。",
            "{field} must be a whole number, not {value}",
        }
        NotWholeNumberHelp {
            "只写数字，例如 `{key}: 50`",
            "write digits only, such as `{key}: 50`",
        }
        TooManyPeople = "XZ-E105" {
            "{field}写的是 {number}，一场活动不会有这么多人（最多 1000000 人）。",
            "{field} is {number}, more people than one event can have (at most 1,000,000)",
        }
        TooManyPeopleHelp {
            "请核对数字，只写这一场活动的人数，例如 `{key}: 50`",
            "check the number: write the people of this one event, such as `{key}: 50`",
        }
        ItemNotText = "XZ-E106" {
            "{field}里的每一项都应当是文字。",
            "each item of {field} must be text",
        }
        NotList = "XZ-E107" {
            "{field}应当是一个列表，例如 `{key}: [老年人, 社区居民]`。",
            "{field} must be a list, such as `{key}: [老年人, 社区居民]`",
        }
        NotInList = "XZ-E108" {
            "{field}写的“{value}”不在 site.toml 的{list}名单里。",
            "{field}: \"{value}\" is not one of the {list} in site.toml",
        }
        NotInListHelp {
            "{suggestion}（或者把它加到 site.toml 的 [lists] {key} 里）",
            "{suggestion} (or add it to [lists] {key} in site.toml)",
        }
        DidYouMeanAllowed {
            "是不是想写“{near}”？可以写的有：{allowed}",
            "did you mean \"{near}\"? allowed values: {allowed}",
        }
        Allowed {
            "可以写的有：{allowed}",
            "allowed values: {allowed}",
        }
        NotDate = "XZ-E109" {
            "{field}写的是“{text}”，这不是日期，也不是日期加时间。",
            "{field} is \"{text}\", which is not a date or a date and time",
        }
        NotDateHelp {
            "全天活动写 `{key}: 2022-12-03`，有具体时间写 `{key}: 2022-12-03 09:30`",
            "write `{key}: 2022-12-03` for a whole day or `{key}: 2022-12-03 09:30`",
        }
        NotWebAddress = "XZ-E110" {
            "{field}写的“{text}”不是网址。",
            "{field} \"{text}\" is not a web address",
        }
        NotWebAddressHelp {
            "请写完整的网址，以 https:// 开头（会议号等请写在正文里）",
            "write the full address, starting with https://",
        }
        UnknownSubField = "XZ-E111" {
            "{parent}里没有“{name}”这一项。",
            "unknown field `{name}` in {parent}",
        }
        NotGroup = "XZ-E112" {
            "{field}应当是一组字段（{keys}）。",
            "{field} must be a group of fields ({keys})",
        }
        PhotosNotList = "XZ-E113" {
            "photos（照片）应当是照片的列表，每张都要有 src 和 alt。",
            "`photos` must be a list of photos, each with `src` and `alt`",
        }
        PhotosNotListHelp {
            "这样写：\nphotos:\n  - src: 1.jpg\n    alt: 居民在社区学校学习使用智能手机",
            "write\nphotos:\n  - src: 1.jpg\n    alt: 居民在社区学校学习使用智能手机",
        }
        PhotoNoAlt = "XZ-E114" {
            "照片“{src}”没有写 alt（照片内容说明）。",
            "photo \"{src}\" has no `alt` text",
        }
        PhotoNoAltHelp {
            "请为看不见照片的读者写一句说明，例如：\n  - src: {src}\n    alt: 学员们在老师指导下练习书法",
            "describe the photo for readers who cannot see it:\n  - src: {src}\n    alt: 学员们在老师指导下练习书法",
        }
        PhotoNoSrc = "XZ-E115" {
            "这张照片没有写 src（图片文件名）。",
            "this photo has no `src` (the image file's name)",
        }
        PhotoNoSrcHelp {
            "加上 `src: 照片.jpg`，写与本文件放在一起的图片文件名",
            "add `src: photo.jpg` naming a file beside the page",
        }
        UnknownField = "XZ-E116" {
            "{kind}没有“{name}”这一项。",
            "unknown field `{name}` for {kind}",
        }
        UnknownFieldNear {
            "是不是想写 `{near}`？{kind}可以写的项：{known}",
            "did you mean `{near}`? fields of {kind}: {known}",
        }
        UnknownFieldList {
            "{kind}可以写的项：{known}",
            "fields of {kind}: {known}",
        }
        StartMissing = "XZ-E117" {
            "活动缺少必填项 {field}。",
            "an event is missing the required field {field}",
        }
        StartMissingHelp {
            "加上 `start: 2022-12-03 09:30`（全天活动只写日期）",
            "add `start: 2022-12-03 09:30` (or a date alone for an all-day event)",
        }
        EndBeforeStart = "XZ-E118" {
            "结束时间 end（{end}）早于开始时间 start（{start}）。",
            "`end` ({end}) is before `start` ({start})",
        }
        EndBeforeStartHelp {
            "请核对日期和时间；跨天的活动，结束时间写第二天的日期",
            "check the date and time; an event that ends the next day ends on the next date",
        }
        BadFormat = "XZ-E119" {
            "活动形式 format 写的“{value}”不对，只能是 offline（线下）、online（线上）或 hybrid（线上线下结合）。",
            "format \"{value}\" is not offline, online or hybrid",
        }
        VenueMissing = "XZ-E120" {
            "线下活动缺少必填项 {field}。",
            "an event held in person is missing the required field {field}",
        }
        VenueMissingHelp {
            "加上 `venue: 湖塘镇社区教育中心三楼报告厅`；如果只在线上举办，写 `format: online`",
            "add `venue: 湖塘镇社区教育中心三楼报告厅`, or `format: online` if it is online only",
        }
        OnlineUrlMissing = "XZ-E121" {
            "活动形式是 `format: {written}`，还需要写 online_url（线上参加的网址）。",
            "an event with `format: {written}` needs `online_url`",
        }
        OnlineUrlMissingHelp {
            "加上 `online_url: https://...`，写大家线上参加的网址",
            "add `online_url: https://...`, the address where people join",
        }
        BadCaseType = "XZ-E122" {
            "类型 type 写的“{value}”不对，只能是 典型案例 或 品牌项目。",
            "type \"{value}\" is neither 典型案例 nor 品牌项目",
        }
        VideoNoSrc = "XZ-E123" {
            "video（视频）没有写 src（.mp4 文件名）。",
            "`video` has no `src` (the .mp4 file's name)",
        }
        BadDuration = "XZ-E124" {
            "视频时长“{shown}”不是“分:秒”的写法。",
            "video duration \"{shown}\" is not minutes:seconds",
        }
        BadDurationHelp {
            "这样写：`duration: \"4:30\"`",
            "write it as `duration: \"4:30\"`",
        }
        VideoTooLong = "XZ-W101" {
            "视频长 {shown}，超过了区里通知要求的 5 分钟（5:00）。",
            "the video runs {shown}, longer than the 5:00 the district notice asks for",
        }
        VideoTooLongHelp {
            "报送区里之前，请剪到 5 分钟以内",
            "cut it to at most 5 minutes before submitting it to the district",
        }
        BooksNotList = "XZ-E125" {
            "books（书目）应当是书的列表。",
            "`books` must be a list of books",
        }
        BooksNotListHelp {
            "这样写：\nbooks:\n  - title: 平凡的世界\n    author: 路遥\n    isbn: \"9787530212004\"",
            "write\nbooks:\n  - title: 平凡的世界\n    author: 路遥\n    isbn: \"9787530212004\"",
        }
        BookNoTitle = "XZ-E126" {
            "第 {number} 本书没有写 title（书名）。",
            "book {number} has no `title`",
        }
        BadIsbn = "XZ-E127" {
            "《{title}》的 ISBN {isbn} 不对：最后一位校验位对不上。",
            "ISBN {isbn} of 《{title}》 is not valid: its check digit (the last one) does not match",
        }
        BadIsbnHelp {
            "请从书的封底或版权页重新抄一遍 ISBN",
            "copy the ISBN again from the book's back cover or copyright page",
        }
        NoFrontMatter = "XZ-E128" {
            "这个文件开头没有字段区（front matter）。",
            "this file does not start with front matter",
        }
        NoFrontMatterHelp {
            "第一行写 `---`，接着写各项（`title: ...`），再写一行 `---`，然后才是正文",
            "put a line `---` first, then the fields (`title: ...`), then another `---` line, then the text",
        }
        FrontMatterNotClosed = "XZ-E129" {
            "第 1 行开始的字段区没有结束：少了结尾的 `---`。",
            "the front matter that starts on line 1 is never closed",
        }
        FrontMatterNotClosedHelp {
            "请在最后一项之后、正文之前加一行 `---`",
            "add a line `---` after the last field, before the text of the page",
        }
        FileTooBig = "XZ-E130" {
            "这个文件有 {size} MB，一个页面最多 {limit} MB。",
            "this file is {size} MB; a page may be at most {limit} MB",
        }
        FileTooBigHelp {
            "请确认是不是放错了文件；很长的文字请分成几个页面",
            "check that it is the right file; split a very long text into several pages",
        }
        FileRefused = "XZ-E131" {
            "这个文件{why}",
            "this file {why}",
        }
        NotUtf8 = "XZ-E132" {
            "这个文件不是 UTF-8 编码，可能被存成了 GBK 或“ANSI”。",
            "this file is not UTF-8 text (it may have been saved as GBK or \"ANSI\")",
        }
        NotUtf8Help {
            "请用“另存为”，编码选 UTF-8 再保存（记事本：另存为 → 编码 UTF-8）",
            "save it again as \"UTF-8\" (in Notepad: 另存为 → 编码 UTF-8)",
        }
        NestedIndex = "XZ-W102" {
            "只有第一层栏目（content/栏目名/_index.md）才有列表页，这个 _index.md 用不上。",
            "only top-level sections (content/NAME/_index.md) have a list page; this _index.md is not used",
        }
        NestedIndexHelp {
            "把它移到 content/栏目名/_index.md，或者删掉它",
            "move it to content/NAME/_index.md or remove it",
        }
        SectionDraft = "XZ-W103" {
            "这个栏目的标题和介绍还是草稿：列表页发布时不带它们。",
            "this section's title and intro are a draft: the list page is published without them",
        }
        SectionDraftHelp {
            "写好后删掉 draft 这一行（`xuezhou build --drafts` 可以先看效果）",
            "remove `draft` when they are ready (`xuezhou build --drafts` shows them)",
        }
        InDraft {
            "{message}（草稿，不发布）",
            "{message} (in a draft, not published)",
        }
        Placeholder = "XZ-E133" {
            "正文里还留着 {placeholder}，这是 `xuezhou new` 留下等您替换的提示。",
            "the text still reads {placeholder}, left by `xuezhou new` to be replaced",
        }
        PlaceholderHelp {
            "在这里写上页面自己的内容，或者删掉这一行",
            "write the page's own text in its place, or delete the line",
        }
        BadSlug = "XZ-E134" {
            "这个页面的网址会是“{slug}”，但网址只能用小写字母 a-z、数字 0-9 和减号 -。",
            "the address of this page would be \"{slug}\", but addresses use only a-z, 0-9 and -",
        }
        BadSlugField {
            "写 `slug: {suggested}`（只用 a-z、0-9 和 -）",
            "write `slug: {suggested}` (a-z, 0-9 and - only)",
        }
        BadSlugFolder {
            "把文件夹改名为“{suggested}”，或在字段区加一行 `slug: {suggested}`",
            "rename the folder to \"{suggested}\" or add `slug: {suggested}` to the front matter",
        }
        BadSlugFile {
            "把文件改名为“{suggested}.md”，或在字段区加一行 `slug: {suggested}`",
            "rename the file to \"{suggested}.md\" or add `slug: {suggested}` to the front matter",
        }
        BadFolderName = "XZ-E135" {
            "文件夹“{bad}”会成为网址的一部分，但网址只能用 a-z、0-9 和 -。",
            "the folder \"{bad}\" would be part of an address, but addresses use only a-z, 0-9 and -",
        }
        RenameFolder {
            "把文件夹改名为“{suggested}”",
            "rename the folder to \"{suggested}\"",
        }
        ReservedAddress = "XZ-E136" {
            "网址 /{top}/ 是网站自动生成的{what}，自己写的页面不能用这个网址。",
            "the address /{top}/ is the site's {what}; a page of your own cannot have it",
        }
        ReservedRenameFile {
            "把文件改名，或者换一个 `slug:`",
            "rename the file or give it another `slug:`",
        }
        ReservedRenameFolder {
            "把文件夹 content/{top}/ 改个名字",
            "rename the folder content/{top}/",
        }
        ReservedHelp {
            "{fix}：/{top}/ 由网站自动生成",
            "{fix}: the site makes /{top}/ itself",
        }
        SameAddress = "XZ-E137" {
            "两个页面的网址都是 /{path}：这一个和 {other}。",
            "two pages have the address /{path}: this one and {other}",
        }
        SameAddressHelp {
            "把其中一个文件改名，或者给其中一个换一个 `slug:`",
            "rename one of the files, or give one a different `slug:`",
        }
        NoContent = "XZ-E138" {
            "没有 content/ 文件夹。",
            "there is no content/ folder",
        }
        NoContentHelp {
            "建一个 content/ 文件夹，把页面放进去；或者用 `xuezhou init 文件夹名` 新建一个网站",
            "create content/ with your pages in it, or make a new site with `xuezhou init DIR`",
        }
        ContentRefused = "XZ-E139" {
            "content/ 里的 {path} {why}",
            "{path} {why}",
        }
        CopyLinkHelp {
            "把文件（或文件夹）本身复制到 content/ 里，不要放快捷方式或链接",
            "copy the file (or folder) itself into content/ instead of a link to it",
        }
        RemoveOrSaveHelp {
            "把它移出 content/，或者把页面另存为普通的 .md 文件",
            "remove it from content/, or save the page there as an ordinary .md file",
        }
        YamlInvalid = "XZ-E140" {
            "字段区（两行 --- 之间）的写法有错：{detail}",
            "front matter is not valid YAML: {detail}",
        }
        YamlHelp {
            "每一项单独一行，写成 `名称: 内容`；内容里有英文冒号 `:`，或以 `[`、`{`、`*`、`#` 开头时，请用英文引号 \"...\" 把内容括起来",
            "each field is `name: value` on its own line; put text containing `:` or starting with `[`, `{`, `*`, `#` in quotes",
        }
        YamlNeverClosed {
            "{message}：这里的 `{open}` 没有配对的结尾",
            "{message}: the `{open}` here is never closed",
        }
    }
}

crate::catalogue! {
    /// The parser's complaints about front matter, put inside [`Load::YamlInvalid`].
    pub enum Yaml {
        TooDeep {
            "这里的字段嵌套超过了 {depth} 层（列表套列表，或一层层缩进）",
            "the fields are nested more than {depth} levels deep (lists in lists, or indented under each other) here",
        }
        ChineseColon {
            "字段名后面用了中文冒号“：”；字段区要用英文冒号 `:` 再加一个空格",
            "a field name is followed by a Chinese colon `：`; front matter needs the English colon `:` and a space",
        }
        NotMapping {
            "字段区应当是一行行的 `名称: 内容`",
            "front matter must be a list of `field: value` lines",
        }
        Repetition {
            "用 `*名称` 重复引用 `&name` 的次数远远超过页面需要（可能是复制出错）",
            "names (`&name`) are repeated through `*name` far more often than any page needs (a file made to blow up, or a copy gone wrong)",
        }
        KeyNotText {
            "字段名只能是普通文字",
            "a field name must be plain text",
        }
    }
}
