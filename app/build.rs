// sqlx's `migrate!` embeds the migrations when the app is compiled: a migration added or
// changed must rebuild it, or the binary would run without it.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
