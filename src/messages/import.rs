//! The import room's messages.

crate::catalogue! {
    pub enum Import {
    }
}
