//! Builders shared by the policy tests.
#![allow(dead_code)]

use policy::*;

pub fn licensed_company() -> PolicyFacts {
    let company = Origin::new(Level::Company, "c1", "Northwind Traders");
    let reseller = Origin::new(Level::Reseller, "r1", "Acme Telecom");
    let levels = ModeLevels {
        system: SystemMode::Off,
        reseller: Mode::Default,
        company: Mode::Default,
        reseller_origin: reseller,
        company_origin: company.clone(),
    };
    PolicyFacts {
        company,
        licence: Licence { licensed: true, seats: 25 },
        recording_mode: levels.clone(),
        outbound_recording: levels,
        force: ForceRecord::default(),
        treatment: Default::default(),
        max_length_seconds: None,
    }
}

pub fn user(id: &str, name: &str, seat: bool) -> UserFacts {
    UserFacts {
        id: id.into(),
        name: name.into(),
        seat,
        overrides: Matrix::default(),
        treatment: Default::default(),
        email: None,
    }
}

pub fn device(id: &str, name: &str, owner: Option<UserFacts>) -> DeviceFacts {
    DeviceFacts { id: id.into(), name: name.into(), overrides: Matrix::default(), owner }
}

pub fn queue(id: &str, name: &str, opt_in: OptIn) -> QueueFacts {
    QueueFacts { id: id.into(), name: name.into(), opt_in, contact_center: Default::default() }
}
