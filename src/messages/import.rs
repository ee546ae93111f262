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
    }
}
