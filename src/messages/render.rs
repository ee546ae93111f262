//! Messages of Markdown, images, videos, templates and the output (src/markdown/, src/images/,
//! src/templates.rs, src/output/, src/render/, src/build.rs).

crate::catalogue! {
    pub enum Render {
        LinkNotPublished = "XZ-W301" {
            "链接“{url}”不会发布（链接只能指向 http://、https://、mailto: 或 tel: 开头的地址），只保留它的文字",
            "the link \"{url}\" is not published (links go to http://, https://, mailto: or tel: addresses); its text is",
        }
        LinkNotPublishedHelp {
            "请写网页的完整地址，例如 [报名](https://…)，或者删掉这个链接",
            "write the address of a web page, as in [报名](https://…), or remove the link",
        }
        LinkToFileBeside = "XZ-E301" {
            "链接“{dest}”指向页面旁边的一个文件，但这种文件不会发布（只发布页面和图片）。",
            "the link \"{dest}\" points at a file beside the page, which is not published (only pages and images are)",
        }
        LinkToFileBesideHelp {
            "把文件放进网站的 static/ 文件夹，例如 static/files/{name}，再链接到 /files/{name}",
            "put the file in the site's static/ folder, for example static/files/{name}, and link to /files/{name}",
        }
        DeadLink = "XZ-E302" {
            "链接“{dest}”找不到要去的页面（没有会发布的文件 {target}）。",
            "the link \"{dest}\" points at no page (no published file {target})",
        }
        DeadLinkHelp {
            "请核对文件名和文件夹（`../` 表示上一层文件夹）；链接是从本页文件所在的文件夹算起的",
            "check the file name and the folders (`../` goes up one folder); the link is relative to this page's file",
        }
        ImageNoAlt = "XZ-E303" {
            "图片“{dest}”没有写说明文字。",
            "image \"{dest}\" has no description",
        }
        ImageNoAltHelp {
            "在方括号里为看不见图片的读者写一句说明：![学员在练习书法](photo.jpg)",
            "describe it for readers who cannot see it: ![学员在练习书法](photo.jpg)",
        }
        ImageRefused = "XZ-E304" {
            "图片“{name}”{why}。",
            "the image \"{name}\" {why}",
        }
        ImageMissingHelp {
            "把图片文件放在页面旁边，并核对文件名的拼写（大小写也要一致）",
            "put the image file beside the page and check the spelling of its name (upper and lower case count)",
        }
        ImageOutsideHelp {
            "把照片复制到页面所在的文件夹（和 .md 文件放在一起），只写文件名，例如 cover: photo.jpg",
            "copy the photo into the page's folder (beside its .md file) and write only its name, such as cover: photo.jpg",
        }
        ImageTooBigHelp {
            "用图片软件打开照片，另存为小一些的文件（手机照片一般不到 20 MB）",
            "open the photo in a photo editor and save it again smaller (a phone photo is under 20 MB)",
        }
        ImageUnreadableHelp {
            "请检查文件能否打开（权限），以及是否被别的程序占用",
            "check that the file is readable (its permissions) and not locked by another program",
        }
        ImageChanged = "XZ-E305" {
            "生成网站的过程中，图片“{name}”被改动了；请再生成一次。",
            "the image \"{name}\" changed while the site was being built; build again",
        }
        ImageDamaged = "XZ-E306" {
            "图片“{name}”已损坏，打不开（{error}）。",
            "the image \"{name}\" is damaged and cannot be decoded ({error})",
        }
        ImageSizeMismatch = "XZ-E307" {
            "图片“{name}”已损坏：文件头和图片内容的尺寸对不上。",
            "the image \"{name}\" is damaged: its header and its picture disagree on its size",
        }
        ImageDamagedHelp {
            "在拍照的手机或电脑上打开这张照片，重新保存或导出为 JPEG，再替换这个文件",
            "open the photo on the phone or computer it came from and save or export it again as JPEG, then replace the file",
        }
        ImageCannotWrite = "XZ-E308" {
            "写不了 {path}：{error}",
            "cannot write {path}: {error}",
        }
        ImageCannotEncode = "XZ-E309" {
            "无法把“{name}”保存为 {kind}：{error}",
            "cannot encode \"{name}\" as {kind}: {error}",
        }
        RawHtmlTooDeep = "XZ-E310" {
            "这里粘贴的 HTML 嵌套了 {depth} 层，超过了页面允许的 {max} 层。",
            "raw HTML here nests {depth} elements deep, more than the {max} a page may have",
        }
        RawHtmlTooDeepHelp {
            "把打开的标签关上（<div> … </div>），或者只粘贴文字、不带格式",
            "close the tags you open (<div> … </div>), or paste the text without its formatting",
        }
        RawHtmlRemoved = "XZ-W302" {
            "这里粘贴的 HTML 含有 {kinds}：已删掉这部分，其余照常发布。",
            "raw HTML here contains {kinds}: removed, the rest is published",
        }
        RawHtmlRemovedHelp {
            "网站的页面不能运行代码，也不能嵌入表单或别的网站：删掉那一部分就不会再有这条警告，改用链接指向原来的内容，例如 [报名表](https://…)",
            "pages of the site must not run code or show forms or other sites inside them: delete that part to silence this warning, and link to what it showed instead: [报名表](https://…)",
        }
        OutsideWeek = "XZ-W303" {
            "这场活动（{date}）不在活动周 {start} 至 {end} 之内，会单独列出。",
            "this event ({date}) is outside the activity week {start} to {end}; it is listed apart",
        }
        OutsideWeekHelp {
            "请核对日期；如果日期没错，就不用改",
            "check the date; if it is right, nothing needs doing",
        }
        TooManyPhotos = "XZ-W304" {
            "这个案例有 {count} 张照片，区里通知要求 5 张。",
            "this case has {count} photos; the district notice asks for 5",
        }
        TooManyPhotosHelp {
            "请选出最好的 5 张报送",
            "choose the 5 best photos to submit",
        }
        VideoRefused = "XZ-E311" {
            "视频“{src}”{why}。",
            "the video \"{src}\" {why}",
        }
        VideoOutsideHelp {
            "把 .mp4 文件复制到页面所在的文件夹（和 .md 文件放在一起），只写文件名",
            "copy the .mp4 file into the page's folder (beside its .md file) and write only its name",
        }
        VideoMissingHelp {
            "把 .mp4 文件放在页面旁边，并核对文件名的拼写",
            "put the .mp4 file beside the page and check the spelling of its name",
        }
        VideoUnusable = "XZ-E312" {
            "视频“{src}”不能发布：{why}",
            "the video \"{src}\" cannot be published: {why}",
        }
        VideoUnusableHelp {
            "用手机或剪辑软件把视频重新导出为 MP4（也可以用 HandBrake 或格式工厂转换），放在页面旁边，再生成一次",
            "export the video again as MP4 from the phone or the editing program (or convert it, e.g. with HandBrake or 格式工厂), put it beside the page, then build again",
        }
        VideoCannotCopy {
            "复制不到输出文件夹：{error}",
            "cannot copy it to the output: {error}",
        }
        NoThemeFolder = "XZ-E401" {
            "主题“{theme}”没有 themes/{theme}/templates/ 文件夹。",
            "the theme \"{theme}\" has no folder themes/{theme}/templates/",
        }
        NoThemeHelp {
            "把一个主题复制到 themes/ 里（`xuezhou init 文件夹名` 新建的网站自带默认主题 default）",
            "copy a theme into themes/ (a new site from `xuezhou init DIR` has the default one)",
        }
        ThemeChoices {
            "把 site.toml 里的 `theme` 改成这些之一：{available}",
            "set `theme` in site.toml to one of: {available}",
        }
        TemplateRefused = "XZ-E402" {
            "这个模板文件{why}",
            "this template {why}",
        }
        NoTemplate = "XZ-E403" {
            "主题里缺少网站需要的模板 {name}。",
            "the theme has no template {name}, which the site needs",
        }
        NoTemplateHelp {
            "从默认主题复制 templates/{name}（`xuezhou init 文件夹名` 新建的网站里有）",
            "copy templates/{name} from the default theme (a new site made by `xuezhou init DIR` has it)",
        }
        TemplateError = "XZ-E404" {
            "模板有错：{detail}",
            "template error: {detail}",
        }
        TemplateErrorHelp {
            "请修改模板：`{{ … }}` 输出一个值，`{% … %}` 是标签，需要配对的 `{% end… %}`",
            "fix the template; `{{ … }}` prints a value, `{% … %}` is a tag that needs its `{% end… %}`",
        }
        NoSearchTemplate = "XZ-W401" {
            "主题里没有 search.html，所以网站没有搜索页（/search/）。",
            "the theme has no search.html, so the site has no search page (/search/)",
        }
        NoSearchTemplateHelp {
            "从默认主题复制 templates/search.html、templates/base.html、static/search.js、static/xuezhou.js 和 static/style.css（`xuezhou init 文件夹名` 新建的网站里有）",
            "copy templates/search.html, templates/base.html, static/search.js, static/xuezhou.js and static/style.css from the default theme (a new site made by `xuezhou init DIR` has them)",
        }
        CannotWrite = "XZ-E501" {
            "写不了 {path}：{error}",
            "cannot write {path}: {error}",
        }
        CannotWriteHelp {
            "请检查输出文件夹能否写入、磁盘是否已满",
            "check that the output folder is writable and the disk is not full",
        }
        CannotMakeTable = "XZ-E502" {
            "生成不了{label} {name}：{error}",
            "cannot make {label} {name}: {error}",
        }
        CannotCreateOutput = "XZ-E503" {
            "建不了输出文件夹：{error}",
            "cannot create the output folder: {error}",
        }
        CannotCreateOutputHelp {
            "请检查这个文件夹能否写入，或者用 --output 文件夹 换一个",
            "check that the folder is writable, or give another with --output DIR",
        }
        CannotWriteReports = "XZ-E504" {
            "写不了 reports/ 里的统计表：{error}",
            "cannot write the tables to reports/: {error}",
        }
        CannotWriteReportsHelp {
            "请检查 reports 文件夹能否写入；如果统计表正在 Excel 里打开，请先关掉",
            "check that the reports folder is writable, and close the tables if they are open in Excel",
        }
        CloseTablesHelp {
            "如果统计表正在 Excel 里打开，请先关掉，再生成一次",
            "close the tables if they are open in Excel, then build again",
        }
        CannotReplaceOutput = "XZ-E505" {
            "替换不了输出文件夹：{error}",
            "cannot replace the output folder: {error}",
        }
        CannotReplaceOutputHelp {
            "关掉正在打开输出文件夹里文件的程序，再生成一次",
            "close any program that has files of the output folder open, then build again",
        }
        OutputMissingNow {
            "{output} 现在不见了（见上面的错误）",
            "{output} is missing now (see the error above)",
        }
        TablesMayBeOld {
            "{output} 已经是新生成的网站，但 reports/ 里的统计表可能还是旧的（见上面的错误）",
            "{output} holds the new build, but the tables in reports/ may be old (see the error above)",
        }
        CannotCopyStatic = "XZ-E506" {
            "复制不了 static/ 里的文件：{error}",
            "cannot copy static files: {error}",
        }
        CannotCopyStaticHelp {
            "请检查文件夹能否读取，里面有没有指向自己的快捷方式（链接）",
            "check that the folder is readable and holds no link that points at itself",
        }
        StaticRefused = "XZ-E507" {
            "static/ 里的 {path} {why}",
            "{path} {why}",
        }
        StaticCopyLinkHelp {
            "把文件（或文件夹）本身复制到 static/ 里，不要放快捷方式或链接",
            "copy the file (or folder) itself into static/ instead of a link to it",
        }
        // indicatif's template: its `{bar:30}` and counters are filled by indicatif, not by us.
        ProgressBar {
            "处理图片 {bar:30} {pos}/{len}（已用 {elapsed}）",
            "images {bar:30} {pos}/{len} ({elapsed})",
        }
        StaticRemoveHelp {
            "把它移出 static/：只有普通文件才会发布",
            "remove it from static/: only ordinary files are published",
        }
    }
}

crate::catalogue! {
    /// What the header of a photo says about it, before anything is decoded (src/images/header.rs).
    pub enum Picture {
        Unsupported = "XZ-E320" {
            "图片“{name}”是 {kind} 格式，浏览器和 xuezhou 都不支持。",
            "the image \"{name}\" is a {kind} file, which browsers and xuezhou do not support",
        }
        Empty = "XZ-E321" {
            "图片“{name}”是一个空文件。",
            "the image \"{name}\" is an empty file",
        }
        Text = "XZ-E322" {
            "“{name}”不是图片：里面是文字，不管它的文件名写的是什么。",
            "\"{name}\" is not an image: it holds text, whatever its name says",
        }
        TextHelp {
            "换成照片本身（JPEG 或 PNG），或删掉对它的引用",
            "replace it with the photo itself (JPEG or PNG), or remove the reference to it",
        }
        Unknown = "XZ-E323" {
            "“{name}”不是 xuezhou 能读的图片（JPEG、PNG、WebP 或 GIF）。",
            "\"{name}\" is not an image xuezhou can read (JPEG, PNG, WebP or GIF)",
        }
        ZeroSize = "XZ-E324" {
            "图片“{name}”已损坏：文件头里的尺寸是 {width}×{height} 像素。",
            "the image \"{name}\" is damaged: its header gives a size of {width}×{height} pixels",
        }
        TooBig = "XZ-E325" {
            "图片“{name}”自称有 {width}×{height} 像素（{mp} 百万像素），超过了 {max} 百万像素的上限：没有相机拍得出这样的照片（手机最多 1.08 亿像素），打开它可能耗尽内存。",
            "the image \"{name}\" claims {width}×{height} pixels ({mp} megapixels), over the limit of {max} megapixels: no camera takes such photos (phones take up to 108), and decoding it could exhaust the memory",
        }
        TooBigHelp {
            "请用相机或手机拍的原图，或把这张缩小到 2 亿像素以下",
            "use a photo straight from a camera or phone, or scale this one down below 200 megapixels",
        }
        Incomplete = "XZ-E326" {
            "图片“{name}”不完整：文件在图片结束之前就断了（拷贝或上传时中断了？）。",
            "the image \"{name}\" is incomplete: the file ends before the picture does (an interrupted copy or upload?)",
        }
        IncompleteHelp {
            "从拍照的手机或相机重新拷一次这张照片，替换这个文件",
            "copy the photo again from the phone or camera it came from, then replace the file",
        }
        Damaged = "XZ-E327" {
            "图片“{name}”已损坏：{what}。",
            "the image \"{name}\" is damaged: {what}",
        }
        Lossless = "XZ-E328" {
            "图片“{name}”是无损 JPEG，浏览器显示不了。",
            "the image \"{name}\" is a lossless JPEG, which browsers cannot show",
        }
        NoHeight = "XZ-E329" {
            "图片“{name}”的文件头里没有写高度（DNL JPEG），不支持这种图片。",
            "the image \"{name}\" does not give its height in its header (a DNL JPEG), which is not supported",
        }
        HeicHelp {
            "在 iPhone 上打开 设置 > 相机 > 格式 > 兼容性最佳，或把照片导出为 JPEG，再替换这个文件",
            "on an iPhone set Settings > Camera > Formats > Most Compatible, or export the photo as JPEG; then replace the file",
        }
        VideoHelp {
            "视频请写在案例的 video: 里，不要当图片用",
            "name a video in the case's `video:` field, not as an image",
        }
        PdfHelp {
            "把要展示的那一页导出为 JPEG 或 PNG 图片",
            "export the page you want to show as a JPEG or PNG picture",
        }
        SvgHelp {
            "示意图请放到 static/ 里再链接；照片必须是 JPEG 或 PNG",
            "put drawings in static/ and link them; photos must be JPEG or PNG",
        }
    }
}

crate::catalogue! {
    /// Why a folder cannot be the output (src/output/checks.rs): a build replaces it whole.
    pub enum Output {
        Refused = "XZ-E508" {
            "{named} {why}",
            "{named} {why}",
        }
        OwnHelp {
            "请给输出用一个新的或空的文件夹（默认是网站文件夹里的 public/；--output 文件夹 可以另指一个），自己的文件放在别处",
            "give the output a new or empty folder of its own (the default is public/ in the site folder; --output DIR names another), and keep your own files elsewhere",
        }
        Root {
            "{shown} 是整个磁盘的根目录，而生成网站会把输出文件夹整个替换掉",
            "{shown} is the root of the file system, and a build replaces the output folder whole",
        }
        Site {
            "{shown} 就是网站文件夹，而生成网站会把输出文件夹整个替换掉",
            "{shown} is the site folder, and a build replaces the output folder whole",
        }
        HoldsSite {
            "{shown} 里面有网站文件夹 {root}，而生成网站会把输出文件夹整个替换掉",
            "{shown} holds the site folder {root}, and a build replaces the output folder whole",
        }
        HoldsCwd {
            "{shown} 里面有 xuezhou 正在运行的文件夹，而生成网站会把输出文件夹整个替换掉",
            "{shown} holds the folder xuezhou runs in, and a build replaces the output folder whole",
        }
        ASite {
            "{shown} 是一个网站文件夹（里面有 site.toml），而生成网站会把输出文件夹整个替换掉",
            "{shown} is a site folder (it has site.toml), and a build replaces the output folder whole",
        }
        SourceFolder {
            "{shown} 是网站的 {source}/ 文件夹，而生成网站会把输出文件夹整个替换掉",
            "{shown} is the site's {source}/ folder, and a build replaces the output folder whole",
        }
        InSource {
            "{shown} 在网站的 {source}/ 文件夹里面，那里的东西会原样发布",
            "{shown} is inside the site's {source}/ folder, which is published as it is",
        }
        AFile {
            "{shown} 是一个文件，不是文件夹",
            "{shown} is a file, not a folder",
        }
        OldBuild {
            "{shown} 里有 index.html，但没有 {marker} 文件：它不是这个 xuezhou 生成的，而生成网站会把输出文件夹整个替换掉",
            "{shown} has an index.html but no {marker} file: it was not made by this xuezhou, and a build replaces the output folder whole",
        }
        OldBuildHelp {
            "如果它是旧版 xuezhou 生成的网站，请把这个文件夹删掉或清空一次，再生成（以后 xuezhou 就能靠 {marker} 认出自己的输出）；如果里面是您自己的文件，{own}",
            "if it is a site built by an older xuezhou, delete or empty the folder once and build again (from then on xuezhou knows its own output by {marker}); if it holds files of your own, {own}",
        }
        NotOurs {
            "{shown} 里已经有不是 xuezhou 生成的文件（没有 {marker} 文件），而生成网站会把输出文件夹整个替换掉",
            "{shown} already holds files that xuezhou did not make (it has no {marker} file), and a build replaces the output folder whole",
        }
    }
}

crate::catalogue! {
    /// Why a video cannot be published (src/video.rs): put inside [`Render::VideoUnusable`].
    pub enum Video {
        BoxCut {
            "第 {at} 字节处的数据块不完整（文件在那里结束了或已损坏）",
            "the box at byte {at} is cut short (the file ends or is damaged there)",
        }
        NotABox {
            "第 {at} 字节处不是 MP4 的数据块（文件已损坏，或者不是 MP4/MOV 视频）",
            "the data at byte {at} is not an MP4 box (the file is damaged, or is not an MP4/MOV video)",
        }
        BoxCutShort {
            "第 {at} 字节处的数据块不完整",
            "the box at byte {at} is cut short",
        }
        BoxTooShort {
            "第 {at} 字节处的数据块自称长 {len} 字节，比它自己的头还短",
            "the box at byte {at} says it is {len} bytes long, shorter than its own header",
        }
        BoxTooLong {
            "第 {at} 字节处的数据块“{kind}”自称长 {len} 字节，超出了文件（或外层数据块）的末尾（文件不完整或已损坏）",
            "the box \"{kind}\" at byte {at} says it is {len} bytes long, past the end of the file or of the box holding it (the file is cut short or damaged)",
        }
        CannotRead {
            "读不了这个文件：{error}",
            "cannot read the file: {error}",
        }
        NotMp4 {
            "它的开头不像 MP4/MOV 视频（可能是别的文件改成了 .mp4 的名字）",
            "it does not start like an MP4/MOV video (it may be another kind of file renamed to .mp4)",
        }
        HugeIndex {
            "它的索引（moov 数据块）有 {mb} MB，几分钟的视频不会有这么大",
            "its index (the \"moov\" box) is {mb} MB, more than a video of a few minutes has",
        }
        NoIndex {
            "它没有 moov 数据块（每个 MP4/MOV 视频都有的索引）：文件不完整、已损坏，或者不是视频",
            "it has no \"moov\" box (the index every MP4/MOV video has): the file is cut short, damaged, or not a video",
        }
        TooDeep {
            "第 {base} 字节处的数据块嵌套超过了 {depth} 层（文件已损坏）",
            "its boxes are nested more than {depth} deep at byte {base} (the file is damaged)",
        }
        NotRegular {
            "它不是普通文件",
            "it is not a regular file",
        }
        CannotCopy {
            "复制不了这个视频：{error}",
            "cannot copy the video: {error}",
        }
        Changed {
            "读取的过程中文件被改动了",
            "the file changed while it was being read",
        }
        CannotCreate {
            "建不了 {dir}：{error}",
            "cannot create {dir}: {error}",
        }
        CannotWriteCache {
            "写不了缓存：{error}",
            "cannot write the cache: {error}",
        }
        OnlyMp4 {
            "只能发布 MP4 和 MOV 视频（.mp4、.mov、.m4v）",
            "only MP4 and MOV videos (.mp4, .mov, .m4v) can be published",
        }
    }
}
