pub mod form;
pub mod overrides;
pub mod shell;
pub mod status;
pub mod time;
pub mod treatment;
