pub mod company;
pub mod errors;
pub mod force_record;
pub mod home;
pub mod login;
pub mod section;
pub mod simulator;
