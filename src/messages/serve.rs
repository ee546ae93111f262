//! The preview server's messages: its terminal lines and the error box in the browser
//! (src/serve.rs, src/serve/).

crate::catalogue! {
    pub enum Serve {
        NotAnIp {
            "“{bind}”不是 IP 地址（本机预览写 127.0.0.1，手机预览写 0.0.0.0）",
            "\"{bind}\" is not an IP address (use 127.0.0.1, or 0.0.0.0 to preview on a phone)",
        }
        CtrlC {
            "无法接管 Ctrl-C：{error}",
            "cannot handle Ctrl-C: {error}",
        }
        Building {
            "正在生成 {root} …",
            "building {root} …",
        }
        TheSite { "整个网站", "the site" }
        Stopped {
            "\n预览已停止，临时文件已删除",
            "\nstopped; the preview's temporary files are removed",
        }
        CannotOpenSite {
            "打不开网站文件夹 {root}：{error}",
            "cannot open the site folder {root}: {error}",
        }
        NoSiteToml {
            "{root} 里没有 site.toml：请在网站文件夹里运行 `xuezhou serve`，或用 --root 文件夹 指出它（新建网站：`xuezhou init 文件夹名`）",
            "{root} has no site.toml: run `xuezhou serve` in the site's folder or give it with --root DIR (a new site: `xuezhou init DIR`)",
        }
        CannotServe {
            "无法启动预览：{error}",
            "cannot serve: {error}",
        }
        PortTaken {
            "端口 {port} 已被占用，改用 {other}",
            "port {port} is taken; using {other} instead",
        }
        PortsTaken {
            "端口 {port} 到 {last} 都被占用了；请用 --port 换一个端口号",
            "ports {port} to {last} are all taken; give another with --port N",
        }
        CannotListen {
            "无法在 {addr} 上提供预览：{error}",
            "cannot listen on {addr}: {error}",
        }
        CannotCreate {
            "建不了 {dir}：{error}",
            "cannot create {dir}: {error}",
        }
        CannotOpen {
            "打不开 {dir}：{error}",
            "cannot open {dir}: {error}",
        }
        Serving {
            "\n预览地址：http://{local}/（在本机浏览器里打开）",
            "\nserving the preview at http://{local}/",
        }
        Exposed {
            "注意：--bind {ip} 让同一网络（包括办公室 Wi-Fi）里的所有设备都能看到预览{drafts}；在手机上看完后，请按 Ctrl-C 停止",
            "warning: --bind {ip} shows the preview{drafts} to every device on this network (office Wi-Fi too); use it to check pages on a phone, then stop it (Ctrl-C)",
        }
        DraftsToo { "（包括草稿）", ", drafts included," }
        PhoneWifi {
            "手机连上同一个 Wi-Fi，用浏览器打开 http://{addr}/ ，或用微信扫下面的二维码：",
            "on a phone on the same Wi-Fi, open http://{addr}/ or scan the QR code below (WeChat works):",
        }
        PhoneNetwork {
            "在同一网络的手机上打开 http://{addr}/ ，或用微信扫下面的二维码：",
            "on a phone on the same network, open http://{addr}/ or scan the QR code below:",
        }
        PhoneUnknown {
            "手机连上同一个 Wi-Fi，打开 http://本机的IP地址:{port}/",
            "on a phone on the same Wi-Fi, open http://THIS-COMPUTER'S-ADDRESS:{port}/",
        }
        Watching {
            "正在留意 content/、themes/、static/ 和 site.toml 的改动；一保存，打开的页面就会刷新。按 Ctrl-C 停止。\n",
            "watching content/, themes/, static/ and site.toml; edits reload open pages. Ctrl-C stops.\n",
        }
        NoChange {
            "{reason}：网站没有变化（{ms} 毫秒）",
            "{reason}: no change to the site ({ms} ms)",
        }
        Copied {
            "已复制 {reason}：{summary}，用时 {ms} 毫秒",
            "copied {reason}: {summary} in {ms} ms",
        }
        CannotCopy {
            "错误：无法把 {rel} 复制到预览里：{error}",
            "error: cannot copy {rel} into the preview: {error}",
        }
        ImagesProcessed {
            "，处理了 {count} 张图片",
            ", {count} images processed",
        }
        WarningsInAll {
            "（一共 {warnings} 个警告，运行 `xuezhou check` 可以看到全部）",
            " ({warnings} warnings in all: `xuezhou check` lists them)",
        }
        FirstBuilt {
            "已生成 {pages} 个页面（{files} 个文件{images}），用时 {ms} 毫秒{warned}",
            "built {pages} pages ({files} files{images}) in {ms} ms{warned}",
        }
        NoChangeBuilt {
            "{reason}：网站没有变化（生成用时 {ms} 毫秒）{warned}",
            "{reason}: no change to the site (built in {ms} ms){warned}",
        }
        Rebuilt {
            "已重新生成 {reason}：{summary}{images}，用时 {ms} 毫秒；保存后 {signal_ms} 毫秒通知页面刷新{warned}",
            "rebuilt {reason}: {summary}{images} in {ms} ms; reload signal {signal_ms} ms after the edit{warned}",
        }
        Fixed {
            "错误已改正，打开的页面会刷新",
            "the error is fixed; open pages reload",
        }
        CannotWritePreview {
            "错误：无法把预览写到 {out}：{error}",
            "error: cannot write the preview into {out}: {error}",
        }
        StillShows {
            "{summary}\n预览仍显示上一次正确的版本{none_yet}；改好文件后，打开的页面会自动刷新",
            "{summary}\nthe preview still shows the last good version{none_yet}; fix the file and open pages reload",
        }
        NoneYet { "（目前还没有）", " (none yet)" }
        Files {
            "{count} 个文件（{first}，…）",
            "{count} files ({first}, …)",
        }
        Pages { "{count} 个页面", "{count} page{count_s}" }
        Lists { "{count} 个列表", "{count} list{count_s}" }
        OtherFiles { "{count} 个文件", "{count} file{count_s}" }
        Removed { "删除 {count} 个", "{count} removed" }
        SameFiles { "文件和之前一样", "the same files as before" }
        OverlayTitle {
            "修改有误：有 {count} 个错误",
            "The last edit has {count} error{count_s}",
        }
        OverlayText {
            "网站仍显示上一次正确的版本。改正后页面会自动刷新。",
            "The site still shows the last good version. Fix the file and this page reloads by itself.",
        }
        OverlayHelp { "怎么改：", "help: " }
        OverlayMore {
            "… 还有 {count} 个错误，请看终端窗口",
            "… {count} more errors: see the terminal",
        }
        OverlayClose { "关闭", "Close" }
        WatchTrouble {
            "警告：留意改动时出错：{error}",
            "warning: watching for edits: {error}",
        }
        CannotWatchDir {
            "警告：无法留意 {dir} 的改动：{error}",
            "warning: cannot watch {dir}: {error}",
        }
        CannotWatchSite {
            "无法留意网站文件夹的改动：{error}",
            "cannot watch the site folder for edits: {error}",
        }
        CannotWatchRoot {
            "无法留意 {root} 的改动：{error}",
            "cannot watch {root}: {error}",
        }
        HttpBusy { "预览正忙，请稍后刷新", "busy" }
        HttpOnlyGet { "预览只接受 GET 和 HEAD 请求", "only GET and HEAD" }
        HttpMoved { "已移到 {location}\n", "moved to {location}\n" }
        HttpNotFound { "找不到这个文件", "not found" }
        HttpTooManyPages { "打开的页面太多了", "too many open pages" }
        HttpTooLong {
            "{status} {reason}：请求的网址或请求头太长\n",
            "{status} {reason}: the request's address or headers are too long\n",
        }
    }
}
