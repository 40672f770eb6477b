//! Your account: one's own password and the sessions one is signed in with.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub device: String,
    pub client_addr: Option<String>,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountPage {
    pub name: String,
    pub email: String,
    pub role: String,
    pub must_change_password: bool,
    pub sessions: Vec<SessionView>,
}

/// A short name for a browser from its User-Agent: "Chrome on Linux".
pub fn device_name(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent else { return "Unknown browser".into() };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "A program"
    };
    let os = if ua.contains("Windows") {
        " on Windows"
    } else if ua.contains("Android") {
        " on Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        " on iOS"
    } else if ua.contains("Mac OS") {
        " on macOS"
    } else if ua.contains("Linux") {
        " on Linux"
    } else {
        ""
    };
    format!("{browser}{os}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(device_name(Some(chrome)), "Chrome on Linux");
        assert_eq!(device_name(None), "Unknown browser");
    }
}
