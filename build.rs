// The default theme is embedded in the binary (src/scaffold.rs, for `xuezhou init`): rebuild
// when any of its files changes, which include_dir alone does not tell cargo.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
