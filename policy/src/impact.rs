//! What a change to a user's or a device's override does, in words: computed in the browser
//! while the administrator edits, and again by the server when it saves.

use super::decision::endpoint_value;
use super::matrix::{Direction, CELLS};
use super::{DeviceFacts, Matrix, Origin};

/// Whether an endpoint cell of this device records: its value applies and, if it belongs
/// to a user, the user holds a seat.
fn records(device: &DeviceFacts, all_users: &Matrix<bool>, direction: Direction, network: super::Network) -> bool {
    let (on, _) = endpoint_value(device, all_users, &Origin::system(), direction, network);
    on && device.owner.as_ref().is_none_or(|u| u.seat)
}

/// One sentence per cell whose recording changes, for the devices before and after the
/// change (the same devices, in the same order). `subject(n)` names the devices: "Desk 201"
/// or "3 devices of Ann Lee".
pub fn describe(
    before: &[DeviceFacts],
    after: &[DeviceFacts],
    all_users: &Matrix<bool>,
    subject: impl Fn(usize) -> String,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (direction, network) in CELLS {
        let (mut now_on, mut now_off) = (0, 0);
        for (b, a) in before.iter().zip(after) {
            match (records(b, all_users, direction, network), records(a, all_users, direction, network)) {
                (false, true) => now_on += 1,
                (true, false) => now_off += 1,
                _ => {}
            }
        }
        let towards = match direction {
            Direction::Inbound => "to",
            Direction::Outbound => "from",
        };
        let calls = format!("{} {} calls {towards}", direction.key(), network.label());
        if now_on > 0 {
            lines.push(format!("After saving, {calls} {} will be recorded (were not).", subject(now_on)));
        }
        if now_off > 0 {
            lines.push(format!("After saving, {calls} {} will no longer be recorded (were).", subject(now_off)));
        }
    }
    lines
}

/// A user's change of seat or override, for the devices they own.
pub fn user_change(
    user: &str,
    devices: &[DeviceFacts],
    all_users: &Matrix<bool>,
    before: (bool, Matrix<super::Override>),
    after: (bool, Matrix<super::Override>),
) -> Vec<String> {
    let with = |(seat, overrides): (bool, Matrix<super::Override>)| -> Vec<DeviceFacts> {
        devices
            .iter()
            .cloned()
            .map(|mut d| {
                if let Some(owner) = d.owner.as_mut() {
                    owner.seat = seat;
                    owner.overrides = overrides;
                }
                d
            })
            .collect()
    };
    describe(&with(before), &with(after), all_users, |n| {
        if n == 1 {
            format!("1 device of {user}")
        } else {
            format!("{n} devices of {user}")
        }
    })
}

/// A device's change of override or owner.
pub fn device_change(before: &DeviceFacts, after: &DeviceFacts, all_users: &Matrix<bool>) -> Vec<String> {
    describe(std::slice::from_ref(before), std::slice::from_ref(after), all_users, |_| after.name.clone())
}

/// A change of account force record or on-demand recording, switch by switch.
pub fn force_change(before: &super::ForceRecord, after: &super::ForceRecord) -> Vec<String> {
    let mut lines = Vec::new();
    for (direction, network) in CELLS {
        let calls = format!("{} {} calls", direction.key(), network.label());
        match (before.entire_account.get(direction, network), after.entire_account.get(direction, network)) {
            (false, true) => lines.push(format!(
                "After saving, all {calls} of the company, queues and conferences included, will be recorded (were not)."
            )),
            (true, false) => lines.push(format!(
                "After saving, {calls} will no longer be recorded for the entire account; users' and devices' own settings still apply."
            )),
            _ => {}
        }
        match (before.all_users.get(direction, network), after.all_users.get(direction, network)) {
            (false, true) => lines.push(format!(
                "After saving, {calls} of users and devices left at Account default will be recorded (were not)."
            )),
            (true, false) => lines.push(format!(
                "After saving, {calls} of users and devices left at Account default will no longer be recorded (were)."
            )),
            _ => {}
        }
    }
    let code = |f: &super::ForceRecord| f.on_demand.enabled.then(|| f.on_demand.code.trim().to_string());
    match (code(before), code(after)) {
        (b, Some(c)) if b.as_deref() != Some(c.as_str()) => {
            lines.push(format!("After saving, anyone can start recording a call by dialling {c}."))
        }
        (Some(_), None) => lines.push("After saving, on-demand recording is off.".to_string()),
        _ => {}
    }
    lines
}
