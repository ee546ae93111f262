//! The command line's messages (src/main.rs): help texts, usage errors, the lines a run ends with.

crate::catalogue! {
    pub enum Cli {
        Summary {
            "{errors} 个错误，{warnings} 个警告",
            "{errors} error{errors_s}, {warnings} warning{warnings_s}",
        }
    }
}
