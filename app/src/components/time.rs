//! Times in the reader's zone. The server renders every time in UTC with the zone named and
//! the instant in `datetime` (what a page without JavaScript shows); once hydrated, the
//! browser shows it in its own zone, named ("2026-11-02 10:15 CET"). The filter forms send
//! the browser's zone as `tz`, so their dates are read in the zone the page shows.

use super::status::utc_text;
use leptos::prelude::*;

/// A stored time, shown in the reader's zone once the page has hydrated.
#[component]
pub fn Time(#[prop(into)] at: String, #[prop(optional)] seconds: bool) -> impl IntoView {
    let shown = RwSignal::new(utc_text(&at, seconds));
    let instant = at.clone();
    // Effects run in the browser only, after hydration: the first render matches the server's.
    Effect::new(move |_| {
        if let Some(local) = local_text(&instant, seconds) {
            shown.set(local);
        }
    });
    view! { <time datetime=at>{move || shown.get()}</time> }
}

/// The browser's zone by its IANA name ("Europe/Berlin"), once hydrated; empty before, and on
/// the server (where dates are then read in UTC).
pub fn browser_zone() -> RwSignal<String> {
    let zone = RwSignal::new(String::new());
    Effect::new(move |_| zone.set(zone_name()));
    zone
}

/// The hidden `tz` field of a filter form and the note that says which zone its dates are in.
#[component]
pub fn ZoneField(prefix: &'static str, error: Option<String>) -> impl IntoView {
    let zone = browser_zone();
    let id = format!("{prefix}-tz-note");
    view! {
        <input type="hidden" name="tz" prop:value=move || zone.get()/>
        <p class="muted zone-note" id=id data-testid="zone-note">
            {move || match zone.get().as_str() {
                "" | "UTC" => "Dates are in UTC.".to_string(),
                z => format!("Dates are in your time zone ({z})."),
            }}
        </p>
        <p class="field-error" role="alert" hidden=error.is_none()>{error.clone()}</p>
    }
}

#[cfg(feature = "hydrate")]
fn local_text(at: &str, seconds: bool) -> Option<String> {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(at));
    if d.get_time().is_nan() {
        return None;
    }
    let time = if seconds {
        format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
    } else {
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    };
    Some(format!("{:04}-{:02}-{:02} {time} {}", d.get_full_year(), d.get_month() + 1, d.get_date(), short_zone(&d)))
}

/// The zone's short name at that instant in the reader's own language ("EST", "CET", or
/// "GMT+1" where the language has none).
#[cfg(feature = "hydrate")]
fn short_zone(d: &js_sys::Date) -> String {
    use js_sys::Reflect;
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"timeZoneName".into(), &"short".into());
    let parts = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format_to_parts(d);
    parts
        .iter()
        .find(|p| Reflect::get(p, &"type".into()).ok().and_then(|t| t.as_string()).as_deref() == Some("timeZoneName"))
        .and_then(|p| Reflect::get(&p, &"value".into()).ok()?.as_string())
        .unwrap_or_else(|| "UTC".into())
}

#[cfg(feature = "hydrate")]
fn zone_name() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into()).ok().and_then(|z| z.as_string()).unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
fn local_text(_: &str, _: bool) -> Option<String> {
    None
}

#[cfg(not(feature = "hydrate"))]
fn zone_name() -> String {
    String::new()
}

/// A time that may be absent, with `none` in its place.
pub fn time_or(at: Option<&str>, none: &'static str) -> AnyView {
    match at {
        Some(at) => view! { <Time at=at.to_string()/> }.into_any(),
        None => none.into_any(),
    }
}
