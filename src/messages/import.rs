//! `xuezhou import`'s messages: what it says about the 附件1 sheets towns send back, and what it
//! wrote (src/import/report.rs). Its problems are placed at a sheet's cell (`湖塘镇.xlsx:活动安排表!F7`).

crate::catalogue! {
    pub enum Import {
        Line {
            "{place}: {kind}：{message}",
            "{place}: {kind}: {message}",
        }
        Help {
            "   = 怎么改：{help}",
            "   = help: {help}",
        }
        Count {
            "共 {errors} 个错误，{warnings} 个警告。",
            "{errors} error{errors_s}, {warnings} warning{warnings_s} in all.",
        }
        WillCreate { "将新建", "would create" }
        WillUpdate { "将更新", "would update" }
        Created { "新建", "created" }
        Updated { "更新", "updated" }
        Summary {
            "{done}：{events} 个活动，新建 {new} 页，更新 {updated} 页，{same} 页不变，{kept} 页手工改过未覆盖。",
            "{done}: {events} events, {new} pages new, {updated} updated, {same} unchanged, {kept} edited by hand and kept.",
        }
        DryRunDone {
            "检查完毕（--dry-run，没有写入任何文件）",
            "checked (--dry-run: no file was written)",
        }
        Done { "导入完成", "imported" }
        NextDryRun {
            "下一步：去掉 --dry-run 再运行一次即可写入。",
            "next: run it again without --dry-run to write them.",
        }
        Next {
            "下一步：用 xuezhou serve 预览，确认后 xuezhou build 发布。",
            "next: preview with xuezhou serve, then publish with xuezhou build.",
        }
        HiddenSheet = "XZ-E601" {
            "工作表“{name}”是隐藏的，但里面有活动",
            "the sheet \"{name}\" is hidden but holds events",
        }
        HiddenSheetHelp {
            "隐藏的表不导入：右键工作表标签 → 取消隐藏，确认后把活动放进要交的表里，或删去这张表",
            "hidden sheets are not imported: unhide it (right-click the sheet tab), move its events into the sheet to hand in, or delete it",
        }
        EmptySheet = "XZ-W601" {
            "这张表里没有活动",
            "this sheet has no events",
        }
        EmptySheetHelp {
            "在表头下面一行填一个活动；如果交错了文件，换成填好的那份",
            "fill in an event on the line below the header; if this is the wrong file, use the filled one",
        }
        NoHeader = "XZ-E602" {
            "找不到附件1 的表头（要有“活动名称”“日期”“时间”等列）",
            "no 附件1 header found (columns such as 活动名称, 日期, 时间)",
        }
        NoHeaderHelp {
            "用 xuezhou template schedule 生成的表格填写；或在活动上方加一行表头，写上各列的名称",
            "fill in the sheet made by xuezhou template schedule, or add a header line naming the columns above the events",
        }
        Duplicate = "XZ-E603" {
            "“{title}”和 {earlier} 是同一活动（主办单位、活动名称、日期都相同）",
            "\"{title}\" is the same event as {earlier} (same organizer, name and date)",
        }
        DuplicateSameFileHelp {
            "删去重复的一行；同一单位同一天办两场同名活动，请在名称里区分（如“第一场”“第二场”）",
            "delete the repeated line; two events of one name on one day need names told apart (第一场, 第二场)",
        }
        DuplicateOtherFileHelp {
            "两个表格里都有这个活动，不会合并：只在一个表格里保留它",
            "both sheets have this event and they are not merged: keep it in one sheet only",
        }
        HandWritten = "XZ-E604" {
            "网站里已有同一活动 {page}（主办单位、活动名称、日期都相同），它不是从表格导入的",
            "the site already has this event in {page} (same organizer, name and date), written by hand",
        }
        HandWrittenHelp {
            "删去表格中的这一行；或者先移走那个网页，再导入",
            "delete this line of the sheet, or move that page away first and import again",
        }
        Edited = "XZ-W602" {
            "导入后被手工改过，表格中这一行（{place}）的新内容没有写进去",
            "edited by hand since it was imported: the new content of the sheet's line ({place}) was not written",
        }
        EditedHelp {
            "要用表格的内容覆盖它（手工改的会丢掉），加 --force 再导入；或者直接改这个网页文件",
            "to overwrite it with the sheet (losing the edits), import again with --force; or edit the page itself",
        }
        Moved = "XZ-W603" {
            "这个活动上次从 {before} 导入，这次按 {place} 更新",
            "this event was imported from {before} last time, and is updated from {place} now",
        }
        MovedHelp {
            "同一活动只应出现在一个表格里；如果 {before} 里仍有这一行，请删去",
            "one event belongs in one sheet: if {before} still has this line, delete it there",
        }
        Gone = "XZ-W604" {
            "上次从 {from} 导入，这次的表格里没有这个活动了（活动名称、主办单位或日期改了，或删了这一行？）",
            "imported from {from} last time, but the sheets no longer have this event (its name, organizer or date changed, or the line was deleted?)",
        }
        GoneHelp {
            "不再需要就删掉这个网页的文件夹；导入不会替您删除",
            "delete the page's folder if it is no longer needed; import never deletes pages",
        }
        NothingWritten {
            "没有写入任何文件。改好表格后再导入一次（可先加 --dry-run 检查）。",
            "no file was written. Fix the sheets and import again (--dry-run checks them first).",
        }
        CannotWritePage = "XZ-E621" {
            "写不进去：{error}",
            "cannot write it: {error}",
        }
        NoSite = "XZ-E622" {
            "没有可用的 site.toml，导入不了",
            "no usable site.toml: nothing can be imported",
        }
        NoSiteHelp {
            "在网站文件夹里运行，或用 --root 指出网站文件夹；site.toml 有错时先改好它（xuezhou check）",
            "run it in the site's folder or give the folder with --root; if site.toml has errors, fix them first (xuezhou check)",
        }
        FileNotFound = "XZ-E623" { "找不到这个文件", "this file is not found" }
        FileNotFoundHelp { "核对文件名和所在的文件夹", "check the file's name and its folder" }
        FileTooBig = "XZ-E624" { "文件太大（{mb} MB）", "the file is too big ({mb} MB)" }
        FileTooBigHelp {
            "附件1 表格不会这么大：是不是选错了文件？",
            "a 附件1 sheet is never this big: is it the wrong file?",
        }
        CannotReadBook = "XZ-E625" { "{reason}", "{reason}" }
        SaveAsXlsx {
            "用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入",
            "open it in Excel or WPS, save it as .xlsx and import that",
        }
        CannotReadFile = "XZ-E626" { "读不出这个文件：{error}", "cannot read this file: {error}" }
        CannotReadFileHelp {
            "核对文件是否被别的程序占用",
            "check whether another program holds the file open",
        }
        WrongKind = "XZ-E627" {
            "只能导入 .xlsx、.xls 或 .csv 表格",
            "only .xlsx, .xls or .csv sheets can be imported",
        }
        PageFails = "XZ-E628" {
            "这一行生成的网页通不过检查：{message}",
            "the page made from this line does not pass the checks: {message}",
        }
        PageFailsHelp { "核对这一行的内容", "check this line's content" }
        BookUnreadable {
            "打不开这个表格（文件可能已损坏，或不是 Excel/WPS 表格）：{error}",
            "cannot open this sheet (the file may be damaged, or not an Excel/WPS sheet): {error}",
        }
        MergesUnreadable { "读不出合并单元格：{error}", "cannot read the merged cells: {error}" }
        SheetUnreadable {
            "读不出工作表“{name}”：{error}",
            "cannot read the sheet \"{name}\": {error}",
        }
        CsvUnreadable { "读不懂这个 CSV 文件：{error}", "cannot read this CSV file: {error}" }
        DataWithoutHeader = "XZ-E617" {
            "第 {col} 列有内容，但没有表头",
            "column {col} has content but no header",
        }
        DataWithoutHeaderHelp {
            "在表头写上这一列是什么（{known}），或删去这一列",
            "write in the header what this column is ({known}), or delete the column",
        }
        ColumnTwice = "XZ-E618" {
            "“{text}”列出现了两次",
            "the column \"{text}\" appears twice",
        }
        ColumnTwiceHelp {
            "删去多出的一列，或把两列的内容合在一列里",
            "delete the extra column, or put the two columns' content into one",
        }
        UnknownColumn = "XZ-E619" {
            "“{text}”不是附件1 的列",
            "\"{text}\" is not a column of 附件1",
        }
        UnknownColumnHelp {
            "{near}附件1 的列有：{known}。多出的列请删去；要写进网页的话放进“简介”",
            "{near}the columns of 附件1 are: {known}. Delete other columns; text meant for the page goes into 简介 (introduction)",
        }
        DidYouMeanWrite { "您是不是要写“{near}”？", "did you mean \"{near}\"? " }
        MissingColumn = "XZ-E620" {
            "表头（第 {row} 行）缺少“{header}”列",
            "the header (row {row}) has no \"{header}\" column",
        }
        MissingColumnHelp {
            "在表头加上“{header}”列，每一行填上：{how}，例如 {example}{extra}",
            "add a \"{header}\" column to the header and fill it in on every line: {how}, e.g. {example}{extra}",
        }
        TownFlag {
            "；整张表都是同一个镇（街道）的活动时，也可以在命令后面加 --town 湖塘镇",
            "; when the whole sheet is one town's (street's) events, you may add --town 湖塘镇 to the command instead",
        }
        CategoryFlag {
            "；整张表都是同一类活动时，也可以在命令后面加 --category 讲座",
            "; when the whole sheet is events of one category, you may add --category 讲座 to the command instead",
        }
        MergedCells = "XZ-E605" {
            "{first}:{last} 是合并单元格，合并后只有第一格有内容，其余各行读不到",
            "{first}:{last} are merged cells: only the first cell of a merged range has content, the other lines read as empty",
        }
        MergedCellsHelp {
            "选中它，点“合并后居中”取消合并，再在每一行填上各自的内容",
            "select it, click 合并后居中 (Merge & Center) to unmerge, then fill in each line's own content",
        }
        FormulaError = "XZ-E606" {
            "“{header}”是公式的错误值 {error}",
            "\"{header}\" holds the formula error value {error}",
        }
        FormulaErrorHelp {
            "改正公式，或直接填上内容",
            "fix the formula, or type in the content itself",
        }
        Missing = "XZ-E607" { "“{header}”没有填", "\"{header}\" is not filled in" }
        MissingHelp {
            "这一列必填：{how}，例如 {example}",
            "this column must be filled in: {how}, e.g. {example}",
        }
        NotInList = "XZ-E608" {
            "“{value}”不是 site.toml 中的{what}",
            "\"{value}\" is not one of the {what} in site.toml",
        }
        NotInListHelp {
            "{near}可填：{allowed}（要加新的，先在 site.toml 的 [lists] 里加上）",
            "{near}allowed: {allowed} (to add a new one, add it to [lists] in site.toml first)",
        }
        NotInListFlagHelp { "{near}可填：{allowed}", "{near}allowed: {allowed}" }
        DidYouMeanFind { "您是不是要找“{near}”？", "did you mean \"{near}\"? " }
        Towns { "镇（街道）", "towns (streets)" }
        Categories { "活动类别", "categories" }
        Topics { "活动主题", "topics" }
        Audiences { "面向对象", "audiences" }
        BadCapacity = "XZ-E609" { "{reason}", "{reason}" }
        BadCapacityHelp { "计划名额只写人数，例如 40", "write 计划名额 (places) as a number of people only, e.g. 40" }
        NotPeople { "“{text}”不是人数", "\"{text}\" is not a number of people" }
        TooMany {
            "{n} 人太多了（一场活动最多 {max} 人）",
            "{n} people is too many (at most {max} for one event)",
        }
        BadFree = "XZ-E610" { "{reason}", "{reason}" }
        BadFreeHelp {
            "是否免费只填 是 或 否；还不知道就空着",
            "fill in 是否免费 (free) with 是 (yes) or 否 (no); leave it empty if not known yet",
        }
        NotYesNo { "“{text}”不是 是 或 否", "\"{text}\" is neither 是 (yes) nor 否 (no)" }
        BadDate = "XZ-E611" { "{reason}", "{reason}" }
        BadDateHelp { "日期可以写 {forms}", "a date may be written as {forms}" }
        DateForms {
            "12月3日、2022/12/3、2022-12-03 或 Excel 的日期；连续几天写 12月2日—12月8日",
            "12月3日, 2022/12/3, 2022-12-03 or an Excel date; several days in a row as 12月2日—12月8日",
        }
        NoYear {
            "没有写年份，而 site.toml 中也没有 [week] start，不知道是哪一年",
            "no year is written and site.toml has no [week] start, so the year is unknown",
        }
        NoSuchDay { "没有 {month}月{day}日 这一天", "there is no such day as {month}月{day}日" }
        NoSuchDayInYear {
            "没有 {year}年{month}月{day}日 这一天",
            "there is no such day as {year}年{month}月{day}日",
        }
        NoMonth { "只写了日，没有写月", "the day is written without its month" }
        NumberNotADate { "{value} 不是日期", "{value} is not a date" }
        NotADate { "“{value}”不是日期", "\"{value}\" is not a date" }
        UnreadableDate { "看不懂日期“{text}”", "cannot read the date \"{text}\"" }
        WrongWeekday {
            "{date} 是{weekday}，不是{written}",
            "{date} is {weekday}, not {written}",
        }
        LastBeforeFirst {
            "最后一天 {last} 早于第一天 {first}",
            "the last day {last} is before the first day {first}",
        }
        BadTime = "XZ-E612" { "{reason}", "{reason}" }
        BadTimeHelp { "时间可以写 {forms}", "a time may be written as {forms}" }
        TimeForms {
            "9:30—11:00、9:30-11:00、9:30（只写开始）或 全天",
            "9:30—11:00, 9:30-11:00, 9:30 (the start only) or 全天 (all day)",
        }
        NumberNotATime { "{n} 不是时间", "{n} is not a time" }
        NotATime { "“{value}”不是时间", "\"{value}\" is not a time" }
        UnreadableTime { "看不懂时间“{text}”", "cannot read the time \"{text}\"" }
        BadStartEnd = "XZ-E613" { "{reason}", "{reason}" }
        BadStartEndHelp {
            "核对时间；跨过午夜的活动，日期写 12月2日—12月3日，时间写 12月2日 23:30—12月3日 01:00",
            "check the times; for an event past midnight write the date as 12月2日—12月3日 and the time as 12月2日 23:30—12月3日 01:00",
        }
        DayMismatch {
            "时间里写的第一天 {day} 和“日期”栏的 {first} 不一致",
            "the first day written in the time, {day}, is not {first} of the 日期 (date) column",
        }
        NoStartTime { "没有写开始的时刻", "the time of the start is missing" }
        EndBeforeStart {
            "结束（{end}）早于开始（{start}）",
            "the end ({end}) is before the start ({start})",
        }
        BadFormat = "XZ-E614" { "{reason}", "{reason}" }
        BadFormatHelp {
            "活动形式填 线下、线上 或 线上线下结合",
            "fill in 活动形式 (format) with 线下 (in person), 线上 (online) or 线上线下结合 (both)",
        }
        NotAFormat { "“{value}”不是活动形式", "\"{value}\" is not a format of event" }
        NotAUrl = "XZ-E615" { "“{url}”不是网址", "\"{url}\" is not a web address" }
        NotAUrlHelp {
            "网址以 https:// 或 http:// 开头，中间没有空格",
            "a web address starts with https:// or http:// and has no spaces",
        }
        NoOnlineUrl = "XZ-E616" {
            "{format}活动没有写线上参加的网址",
            "the event is {format} but has no web address to join it online",
        }
        NoOnlineUrlHelp {
            "在“线上网址”列填上网址（以 https:// 开头）",
            "fill in the address in the 线上网址 (web address) column (starting with https://)",
        }
    }
}
