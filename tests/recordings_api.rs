//! Stored recordings through the real router on a fresh SQLite file and a real storage
//! folder: the engine's upload (idempotent on call id, limited in size, nothing left behind
//! by a refusal), the list's filters and keyset pages, streaming with HTTP Range, downloads,
//! the audit of plays and downloads, team scope, and deleting.

mod common;

use axum::http::{header, Method, StatusCode};
use common::recordings::{engine_token, get_audio, meta, tone, upload};
use common::{sql, TestApp};
use earmark::config::ServeArgs;
use serde_json::{json, Value};

const NORTHWIND: &str = "Northwind Traders";
const ADMIN: &str = "admin@northwind.demo.test";
const SUPERVISOR: &str = "supervisor@northwind.demo.test";

/// Every file kept in the storage, folder or bucket, and how many the spool holds.
async fn stored_files(app: &TestApp) -> (Vec<String>, usize) {
    (app.stored_keys().await, app.spool_files())
}

async fn get_json(app: &TestApp, path: &str, cookie: &str) -> Value {
    let r = app.call(Method::GET, path, Some(cookie), None).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[tokio::test]
async fn an_upload_is_stored_once_per_call_whole_or_not_at_all() {
    let app = TestApp::with_args(ServeArgs { recording_max_mb: 1, ..ServeArgs::default() }).await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let (before, _) = stored_files(&app).await;

    let audio = tone(8000, 1000);
    let first = upload(&app, &token, &company, &meta("call-1"), &audio).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let r: Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(r["started_at"], "2026-03-04T09:20:30Z", "stored in UTC");
    assert_eq!(r["size_bytes"], audio.len());
    assert_eq!(r["peaks"].as_array().unwrap().len(), app::model::recordings::PEAKS);
    use sha2::Digest;
    assert_eq!(r["sha256"], hex::encode(sha2::Sha256::digest(&audio)));
    let (now, spooled) = stored_files(&app).await;
    assert_eq!((now.len(), spooled), (before.len() + 1, 0));

    // The same file again: the stored recording, nothing new.
    let again = upload(&app, &token, &company, &meta("call-1"), &audio).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(serde_json::from_str::<Value>(&again.body).unwrap()["id"], r["id"]);
    // A different file for a known call: refused, the first kept.
    let other = upload(&app, &token, &company, &meta("call-1"), &tone(8000, 2000)).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);

    // Refused uploads leave nothing behind, not even in the temporary folder.
    let fake = upload(&app, &token, &company, &meta("call-2"), b"this is not audio").await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    let big = upload(&app, &token, &company, &meta("call-3"), &tone(600_000, 1000)).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", big.body);
    let mut stranger = meta("call-4");
    stranger["user"] = json!("no-such-user");
    let r4 = upload(&app, &token, &company, &stranger, &audio).await;
    assert_eq!(r4.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(serde_json::from_str::<Value>(&r4.body).unwrap()["error"]["field"], "user");
    let mut bad_time = meta("call-5");
    bad_time["started_at"] = json!("yesterday");
    assert_eq!(upload(&app, &token, &company, &bad_time, &audio).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (after, spooled) = stored_files(&app).await;
    assert_eq!((after.len(), spooled), (before.len() + 1, 0), "{after:?}");
    // A retry of a refused upload, done right, succeeds.
    assert_eq!(upload(&app, &token, &company, &meta("call-3"), &audio).await.status, StatusCode::CREATED);

    // A token without the upload privilege cannot upload.
    let viewer = engine_token(&app, &company, &["recordings.view"]).await;
    assert_eq!(upload(&app, &viewer, &company, &meta("call-6"), &audio).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_list_filters_searches_and_pages_by_keyset() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    assert_eq!(upload(&app, &token, &company, &meta("call-1"), &tone(800, 500)).await.status, StatusCode::CREATED);
    let admin = app.login(ADMIN).await;
    let base = format!("/api/v1/companies/{company}/recordings");

    let all = get_json(&app, &format!("{base}?limit=500"), &admin).await;
    let all: Vec<Value> = all["rows"].as_array().unwrap().clone();
    assert_eq!(all.len(), 7, "six demo recordings and the upload");
    let times: Vec<&str> = all.iter().map(|r| r["started_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");

    // Part of a number, anywhere in it.
    let found = get_json(&app, &format!("{base}?q=7000%209"), &admin).await;
    assert_eq!(found["rows"].as_array().unwrap().len(), 1);
    assert_eq!(found["rows"][0]["caller"]["name"], "Zed Quinlan");
    // Direction, and a date range that is inclusive of its last day.
    let inbound = get_json(&app, &format!("{base}?direction=inbound&limit=500"), &admin).await;
    assert!(inbound["rows"].as_array().unwrap().iter().all(|r| r["direction"] == "inbound"));
    let day = get_json(&app, &format!("{base}?from=2026-03-04&to=2026-03-04"), &admin).await;
    assert_eq!(day["rows"].as_array().unwrap().len(), 1);
    let bad = app.call(Method::GET, &format!("{base}?from=2026-02-30"), Some(&admin), None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Pages of two, older then newer again: every row once, in order.
    let mut seen = Vec::new();
    let mut page = get_json(&app, &format!("{base}?limit=2"), &admin).await;
    assert!(page["newer"].is_null());
    let mut pages = vec![page.clone()];
    while let Some(c) = page["older"].as_str() {
        page =
            get_json(&app, &format!("{base}?limit=2&before={}", app::components::status::urlencode(c)), &admin).await;
        pages.push(page.clone());
    }
    for p in &pages {
        seen.extend(p["rows"].as_array().unwrap().iter().map(|r| r["id"].clone()));
    }
    assert_eq!(seen, all.iter().map(|r| r["id"].clone()).collect::<Vec<_>>());
    let last = pages.last().unwrap();
    let back = get_json(
        &app,
        &format!("{base}?limit=2&after={}", app::components::status::urlencode(last["newer"].as_str().unwrap())),
        &admin,
    )
    .await;
    assert_eq!(back["rows"], pages[pages.len() - 2]["rows"]);

    // Oldest first: pages of two going to newer rows, then one back, and the same rows.
    let mut page = get_json(&app, &format!("{base}?limit=2&order=oldest"), &admin).await;
    assert!(page["older"].is_null());
    let mut pages = vec![page.clone()];
    while let Some(c) = page["newer"].as_str() {
        let next = format!("{base}?limit=2&order=oldest&after={}", app::components::status::urlencode(c));
        page = get_json(&app, &next, &admin).await;
        pages.push(page.clone());
    }
    let ascending: Vec<Value> =
        pages.iter().flat_map(|p| p["rows"].as_array().unwrap().iter().map(|r| r["id"].clone())).collect();
    let mut expected: Vec<Value> = all.iter().map(|r| r["id"].clone()).collect();
    expected.reverse();
    assert_eq!(ascending, expected);
    let last = pages.last().unwrap();
    let back = get_json(
        &app,
        &format!(
            "{base}?limit=2&order=oldest&before={}",
            app::components::status::urlencode(last["older"].as_str().unwrap())
        ),
        &admin,
    )
    .await;
    assert_eq!(back["rows"], pages[pages.len() - 2]["rows"]);
    let bad = app.call(Method::GET, &format!("{base}?order=sideways"), Some(&admin), None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn audio_streams_with_ranges_downloads_by_name_and_every_play_and_download_is_audited() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let audio = tone(8000, 700);
    let created = upload(&app, &token, &company, &meta("call-1"), &audio).await;
    let id = serde_json::from_str::<Value>(&created.body).unwrap()["id"].as_str().unwrap().to_string();
    let admin = app.login(ADMIN).await;
    let path = format!("/recordings/{id}/audio");

    let (status, headers, bytes) = get_audio(&app, &path, &admin, Some("bytes=0-")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(bytes, audio);
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(headers[header::CONTENT_TYPE], "audio/wav");
    // Seeking: a range from the middle, not audited again.
    let (status, headers, bytes) = get_audio(&app, &path, &admin, Some("bytes=1000-1999")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers[header::CONTENT_RANGE], format!("bytes 1000-1999/{}", audio.len()).as_str());
    assert_eq!(bytes, &audio[1000..2000]);
    let (status, _, _) = get_audio(&app, &path, &admin, Some(&format!("bytes={}-", audio.len()))).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);

    let (status, headers, bytes) = get_audio(&app, &format!("{path}?download=1"), &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, audio);
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"2026-03-04_0920_inbound_Zed-Quinlan.wav\""
    );

    let audited: Vec<(String, String)> = sql(
        &app.db,
        "SELECT action, actor_email FROM audit_log WHERE object_id = ? AND action LIKE 'recording.%' ORDER BY id",
    )
    .bind(&id)
    .rows()
    .await
    .unwrap();
    let actions: Vec<&str> = audited.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["recording.upload", "recording.play", "recording.download"]);

    // The supervisor plays but may not download.
    let supervisor = app.login(SUPERVISOR).await;
    let mine = get_json(&app, &format!("/api/v1/companies/{company}/recordings?limit=500"), &supervisor).await;
    let visible: Vec<String> =
        mine["rows"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    let first = &visible[0];
    let (status, _, _) = get_audio(&app, &format!("/recordings/{first}/audio?download=1"), &supervisor, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_supervisor_limited_to_teams_sees_only_their_teams_recordings() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let admin = app.login(ADMIN).await;
    let supervisor = app.login(SUPERVISOR).await;
    let all = get_json(&app, &format!("/api/v1/companies/{company}/recordings?limit=500"), &admin).await;
    let mine = get_json(&app, &format!("/api/v1/companies/{company}/recordings?limit=500"), &supervisor).await;
    let ids = |v: &Value| -> Vec<String> {
        v["rows"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    let (all, mine) = (ids(&all), ids(&mine));
    // Which recordings are the Support team's, by the database's own account.
    let support: Vec<String> = sql(&app.db, "SELECT r.id FROM recordings r JOIN companies c ON c.id = r.company_id \
         WHERE c.name = ? AND (r.user_id IN (SELECT u.id FROM users u JOIN teams t ON t.id = u.team_id WHERE t.name = 'Support') \
         OR r.queue_id IN (SELECT tq.queue_id FROM team_queues tq JOIN teams t ON t.id = tq.team_id WHERE t.name = 'Support')) \
         ORDER BY r.started_at DESC, r.id DESC")
    .bind(NORTHWIND)
    .scalars()
    .await
    .unwrap();
    assert_eq!(mine, support);
    let theirs: Vec<&String> = all.iter().filter(|id| !mine.contains(id)).collect();
    assert!(!theirs.is_empty() && !mine.is_empty(), "the demo gives both kinds");
    for id in theirs {
        let r = app.call(Method::GET, &format!("/api/v1/recordings/{id}"), Some(&supervisor), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let (status, _, _) = get_audio(&app, &format!("/recordings/{id}/audio"), &supervisor, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn deleting_removes_file_and_row_but_never_one_on_legal_hold() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let admin = app.login(ADMIN).await;
    let rows: Vec<(String, String)> =
        sql(&app.db, "SELECT id, storage_key FROM recordings WHERE company_id = ? ORDER BY started_at DESC LIMIT 2")
            .bind(&company)
            .rows()
            .await
            .unwrap();
    let (gone, kept) = (&rows[0], &rows[1]);
    assert!(app.stored_keys().await.contains(&gone.1));
    let r = app.call(Method::DELETE, &format!("/api/v1/recordings/{}", gone.0), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert!(!app.stored_keys().await.contains(&gone.1));
    assert_eq!(
        app.call(Method::GET, &format!("/api/v1/recordings/{}", gone.0), Some(&admin), None).await.status,
        StatusCode::NOT_FOUND
    );

    sql(&app.db, "UPDATE recordings SET legal_hold = TRUE WHERE id = ?").bind(&kept.0).execute().await.unwrap();
    let r = app.call(Method::DELETE, &format!("/api/v1/recordings/{}", kept.0), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("legal hold"));
    assert!(app.stored_keys().await.contains(&kept.1));
}

#[tokio::test]
async fn both_ways_of_searching_find_the_same_rows() {
    use app::model::recordings::RecordingFilter;
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    // Two more recordings, one of which is deleted again: the search index follows both.
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let kept = upload(&app, &token, &company, &meta("call-1"), &tone(800, 500)).await;
    assert_eq!(kept.status, StatusCode::CREATED);
    let mut gone = meta("call-2");
    gone["caller"]["name"] = json!("Gone Person");
    let gone = upload(&app, &token, &company, &gone, &tone(800, 600)).await;
    let gone_id = serde_json::from_str::<Value>(&gone.body).unwrap()["id"].as_str().unwrap().to_string();
    let admin = app.login(ADMIN).await;
    let r = app.call(Method::DELETE, &format!("/api/v1/recordings/{gone_id}"), Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    for text in ["lee", "+44", "7000 9", "ann lee", "gone person", "hopper", "201"] {
        let q = RecordingFilter { q: text.into(), ..Default::default() }.parse().unwrap();
        let mut answers = Vec::new();
        // PostgreSQL has the one plan: its planner picks the index (is_rare is false there).
        let plans: &[bool] = if matches!(app.db.pool(), app::Pool::Sqlite(_)) { &[false, true] } else { &[false] };
        for &rare in plans {
            let (page_sql, binds) = app::store::recordings::list_sql(&company, None, &q, 500, rare);
            // Only the ids: the page query wrapped, its first column.
            let mut query = sql(&app.db, format!("SELECT id FROM ({page_sql}) AS page"));
            for b in &binds {
                query = query.bind(b);
            }
            answers.push(query.scalars::<String>().await.unwrap());
        }
        assert_eq!(answers[0], answers[answers.len() - 1], "{text}");
        assert!(!answers[0].contains(&gone_id), "{text}");
    }
}

#[tokio::test]
async fn a_recording_larger_than_a_part_is_kept_in_parts_and_read_back_byte_for_byte() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    // 20 MiB of varying samples: three parts of an object store, one file of a folder.
    let samples: Vec<i16> = (0..10 * 1024 * 1024).map(|i: i32| (i.wrapping_mul(7919) % 30_000) as i16).collect();
    let audio = app::model::audio::wav_pcm16(8000, &samples);
    assert!(audio.len() > 2 * app::store::files::PART_SIZE);
    let created = upload(&app, &token, &company, &meta("call-big"), &audio).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = serde_json::from_str::<Value>(&created.body).unwrap()["id"].as_str().unwrap().to_string();
    let admin = app.login(ADMIN).await;
    let path = format!("/recordings/{id}/audio");

    let (status, _, whole) = get_audio(&app, &format!("{path}?download=1"), &admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(whole == audio, "the download is the upload, byte for byte");
    // A range across the first part's end.
    let part = app::store::files::PART_SIZE;
    let (status, headers, bytes) =
        get_audio(&app, &path, &admin, Some(&format!("bytes={}-{}", part - 100, part + 99))).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers[header::CONTENT_RANGE], format!("bytes {}-{}/{}", part - 100, part + 99, audio.len()));
    assert!(bytes == audio[part - 100..part + 100], "the range's bytes");
    let (status, _, tail) = get_audio(&app, &path, &admin, Some("bytes=-10")).await;
    assert_eq!((status, tail.as_slice()), (StatusCode::PARTIAL_CONTENT, &audio[audio.len() - 10..]));
    let past = format!("bytes={}-", audio.len());
    assert_eq!(get_audio(&app, &path, &admin, Some(&past)).await.0, StatusCode::RANGE_NOT_SATISFIABLE);
}

#[tokio::test]
async fn metadata_with_a_field_the_server_does_not_know_is_refused_by_name_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    let (before, _) = stored_files(&app).await;
    let mut misspelled = meta("call-misspelled");
    misspelled["calller"] = json!({"name": "Zed"});
    let r = upload(&app, &token, &company, &misspelled, &tone(800, 300)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let error = r.json()["error"].clone();
    assert_eq!(error["field"], "metadata");
    assert!(error["message"].as_str().unwrap().contains("unknown field `calller`"), "{error}");
    let mut party = meta("call-party");
    party["caller"]["nmuber"] = json!("+1");
    let r = upload(&app, &token, &company, &party, &tone(800, 300)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(stored_files(&app).await, (before, 0), "nothing kept, nothing left in the spool");
}

/// The loud part of a waveform: from its first to its last bucket above a quarter of full
/// scale, as fractions of its length.
fn loud_part(peaks: &Value) -> (f64, f64) {
    let peaks: Vec<u64> = peaks.as_array().unwrap().iter().map(|p| p.as_u64().unwrap()).collect();
    let loud: Vec<usize> = (0..peaks.len()).filter(|&i| peaks[i] > 64).collect();
    let (first, last) = (*loud.first().expect("a loud part"), *loud.last().unwrap());
    // An encoder rings for a few hundredths of a second at the tone's edges.
    let silent = peaks[..first.saturating_sub(3)].iter().chain(peaks.get(last + 4..).unwrap_or_default());
    assert!(silent.into_iter().all(|&p| p < 8), "silence around the tone: {peaks:?}");
    (first as f64 / peaks.len() as f64, (last + 1) as f64 / peaks.len() as f64)
}

#[tokio::test]
async fn mp3_and_ogg_recordings_get_the_waveform_a_wav_of_the_same_sound_gets() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    // A second of silence, a second of a tone at half scale, a second of silence
    // (scripts/make-audio-fixtures): as WAV, then as the encoders made it.
    let tone_at_half = (0..8000).map(|i| (16384.0 * (i as f64 * 440.0 * std::f64::consts::TAU / 8000.0).sin()) as i16);
    let samples: Vec<i16> =
        std::iter::repeat_n(0, 8000).chain(tone_at_half).chain(std::iter::repeat_n(0, 8000)).collect();
    let wav = app::model::audio::wav_pcm16(8000, &samples);
    let files: [(&str, &[u8]); 3] = [
        ("wav", &wav),
        ("mp3", include_bytes!("fixtures/quiet-loud-quiet.mp3")),
        ("ogg", include_bytes!("fixtures/quiet-loud-quiet.ogg")),
    ];
    for (format, audio) in files {
        let mut m = meta(&format!("waveform-{format}"));
        m["duration_seconds"] = json!(3.0);
        let r = upload(&app, &token, &company, &m, audio).await;
        assert_eq!(r.status, StatusCode::CREATED, "{format}: {}", r.body);
        let r: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(r["format"], format);
        assert_eq!(r["peaks"].as_array().unwrap().len(), app::model::recordings::PEAKS, "{format}");
        let (from, to) = loud_part(&r["peaks"]);
        // The tone is the middle third; an encoder's delay moves it by a few hundredths.
        assert!((from - 1.0 / 3.0).abs() < 0.04 && (to - 2.0 / 3.0).abs() < 0.04, "{format}: loud {from:.3}-{to:.3}");
        let loudest = r["peaks"].as_array().unwrap().iter().filter_map(Value::as_u64).max().unwrap();
        assert!((110..=150).contains(&loudest), "{format}: half scale is about 127, not {loudest}");
    }
}

#[tokio::test]
async fn the_date_filter_reads_days_in_the_zone_the_page_shows() {
    let app = TestApp::new().await;
    let company = app.company_id(NORTHWIND).await;
    let token = engine_token(&app, &company, &["recordings.upload"]).await;
    // New York's 4 March 2026 runs from 05:00 UTC on the 4th to 05:00 UTC on the 5th.
    for (call, at) in [("ny-late", "2026-03-05T03:00:00Z"), ("ny-day-before", "2026-03-04T04:00:00Z")] {
        let mut m = meta(call);
        m["started_at"] = json!(at);
        m["caller"] = json!({"name": "Zoe Zoned", "number": "+1 212 555 0142"});
        assert_eq!(upload(&app, &token, &company, &m, &tone(800, 1000)).await.status, StatusCode::CREATED);
    }
    let admin = app.login(ADMIN).await;
    // The calls of Zoe Zoned a filter lists: `from`, `to` and what follows, as a query.
    let listed = |query: String| {
        let path = format!("/api/v1/companies/{company}/recordings?q=Zoe+Zoned&{query}");
        let (app, admin) = (&app, &admin);
        async move {
            let list = get_json(app, &path, admin).await;
            list["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["call_id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let calls = |zone: &str| listed(format!("from=2026-03-04&to=2026-03-04{zone}"));
    let at = |from: &str, to: &str| listed(format!("from={from}&to={to}"));
    assert_eq!(calls("&tz=America/New_York").await, vec!["ny-late"]);
    // RFC 3339 date-times, with offsets, `to` including its second.
    assert_eq!(at("2026-03-05T03:00:00Z", "2026-03-05T03:00:00Z").await, vec!["ny-late"]);
    assert_eq!(at("2026-03-04T22:00:00-05:00", "2026-03-04T22:00:00-05:00").await, vec!["ny-late"]);
    assert_eq!(at("2026-03-05T03:00:01Z", "2026-03-06").await, Vec::<String>::new());
    assert_eq!(calls("").await, vec!["ny-day-before"], "without a zone, the days are UTC's");
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/companies/{company}/recordings?from=2026-03-04&tz=Not+a+zone"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["field"], "tz");
    // A well-formed name the zone database does not hold is read as UTC; the last day there
    // is, in a zone, is no panic.
    assert_eq!(calls("&tz=Mars/Olympus").await, vec!["ny-day-before"]);
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/companies/{company}/recordings?to=9999-12-31&tz=Europe/Berlin"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}
