//! The company's policy as a decision reads it, in one query.

use super::run;
use super::Db;
use crate::policy::*;

#[derive(sqlx::FromRow)]
pub(crate) struct FactsRow {
    company_id: String,
    company_name: String,
    reseller_id: String,
    reseller_name: String,
    licensed: bool,
    seats: i64,
    sys_mode: String,
    sys_outbound: String,
    res_mode: String,
    res_outbound: String,
    co_mode: String,
    co_outbound: String,
    all_users: i64,
    entire_account: i64,
    on_demand_enabled: bool,
    on_demand_code: String,
    treatment: String,
    max_length_seconds: Option<i64>,
}

/// Everything company-wide a decision reads, in one query.
pub async fn facts(db: &Db, company_id: &str) -> Result<Option<PolicyFacts>, sqlx::Error> {
    let row = run!(
        db,
        "SELECT c.id AS company_id, c.name AS company_name, r.id AS reseller_id, r.name AS reseller_name, \
         c.licensed, c.seats, p.recording_mode AS sys_mode, p.outbound_recording AS sys_outbound, \
         r.recording_mode AS res_mode, r.outbound_recording AS res_outbound, \
         c.recording_mode AS co_mode, c.outbound_recording AS co_outbound, \
         f.all_users, f.entire_account, f.on_demand_enabled, f.on_demand_code, c.treatment, \
         s.max_length_seconds FROM companies c JOIN resellers r ON r.id = c.reseller_id \
         JOIN force_record f ON f.company_id = c.id CROSS JOIN platform_settings p \
         LEFT JOIN company_storage s ON s.company_id = c.id \
         WHERE c.id = ?",
        |q, c| sqlx::query_as::<_, FactsRow>(q).bind(company_id).fetch_optional(c).await
    )?;
    Ok(row.map(|r| {
        let company = Origin::new(Level::Company, &r.company_id, &r.company_name);
        let reseller = Origin::new(Level::Reseller, &r.reseller_id, &r.reseller_name);
        let levels = |sys: &str, res: &str, co: &str| ModeLevels {
            system: super::system_mode_of(sys),
            reseller: super::mode_of(res),
            company: super::mode_of(co),
            reseller_origin: reseller.clone(),
            company_origin: company.clone(),
        };
        PolicyFacts {
            recording_mode: levels(&r.sys_mode, &r.res_mode, &r.co_mode),
            outbound_recording: levels(&r.sys_outbound, &r.res_outbound, &r.co_outbound),
            licence: Licence { licensed: r.licensed, seats: r.seats.max(0) as u32 },
            force: ForceRecord {
                all_users: Matrix::from_bits(r.all_users),
                entire_account: Matrix::from_bits(r.entire_account),
                on_demand: OnDemand { enabled: r.on_demand_enabled, code: r.on_demand_code },
            },
            treatment: super::from_json(&r.treatment),
            max_length_seconds: r.max_length_seconds.and_then(|s| u32::try_from(s).ok()),
            company,
        }
    }))
}
