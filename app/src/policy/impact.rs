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
