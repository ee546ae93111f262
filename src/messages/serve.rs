//! The serve room's messages.

crate::catalogue! {
    pub enum Serve {
    }
}
