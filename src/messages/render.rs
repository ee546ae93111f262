//! The render room's messages.

crate::catalogue! {
    pub enum Render {
    }
}
