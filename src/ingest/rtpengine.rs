//! rtpengine's recordings as the spool's: rtpengine (`--recording-method=pcap`) writes each
//! recorded call's RTP to `pcaps/` as it goes and, when the call ends, a metadata file to
//! `metadata/` naming the pcap, with the SDP, the times and the generic metadata the proxy
//! gave it (contrib/kamailio: `company:…|call_id:…|caller:…|callee:…|device:…|trace:…`). Each
//! finished call becomes a WAV (both directions mixed, 8 kHz mono) and its sidecar in the
//! spool, the sidecar written last; then rtpengine's files are removed. A crash in between
//! converts the call again to the same bytes, which Earmark answers "already stored".

use anyhow::{bail, Context};
use app::model::recordings::{Direction, Party, RecordingMeta};
use base64::Engine;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const RATE: u32 = 8000;

/// Converts every finished call of `recording_dir` into the spool; returns how many. A call
/// whose files cannot be read is moved aside (`metadata/failed/`) with the reason beside it.
pub fn convert_finished(recording_dir: &Path, spool: &Path) -> anyhow::Result<usize> {
    let dir = recording_dir.join("metadata");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(0) };
    let mut converted = 0;
    for entry in entries {
        let path = entry?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if !path.is_file() || file.starts_with('.') {
            continue;
        }
        match convert(&path, spool) {
            Ok(name) => {
                converted += 1;
                println!("converted       {name}: from rtpengine's {file}");
            }
            Err(e) => {
                let reason = format!("{e:#}");
                println!("failed          {file}: {reason}");
                tracing::warn!(file, reason, "an rtpengine recording could not be converted");
                let failed = dir.join("failed");
                std::fs::create_dir_all(&failed)?;
                std::fs::write(failed.join(format!("{file}.reason.txt")), format!("{reason}\n"))?;
                std::fs::rename(&path, failed.join(&file))?;
            }
        }
    }
    Ok(converted)
}

/// One call: its WAV and sidecar into the spool, then rtpengine's files removed.
fn convert(metadata_file: &Path, spool: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(metadata_file).context("reading the metadata")?;
    let meta = Metadata::parse(&text)?;
    let pcap = std::fs::read(&meta.pcap).with_context(|| format!("reading {}", meta.pcap.display()))?;
    let mixed = mix(&pcap)?;
    let field = |key: &str| meta.generic.get(key).map(String::as_str).filter(|v| !v.is_empty());
    let company = field("company").context("the metadata names no company (metadata=company:…)")?;
    let call_id = field("call_id").context("the metadata names no call id (metadata=…|call_id:…)")?;
    let trace = match field("trace") {
        Some(b64) => {
            let json = base64::engine::general_purpose::STANDARD.decode(b64).context("the trace is not base64")?;
            serde_json::from_slice(&json).context("the trace is not a JSON array")?
        }
        None => Vec::new(),
    };
    let started = time::OffsetDateTime::from_unix_timestamp_nanos((mixed.first_packet * 1e9) as i128)
        .context("the packets' time")?
        .replace_nanosecond(0)?;
    let direction = match field("direction") {
        Some("outbound") => Direction::Outbound,
        _ => Direction::Inbound,
    };
    let sidecar = serde_json::json!({
        "company": company,
        "metadata": RecordingMeta {
            call_id: call_id.to_string(),
            started_at: started.format(&time::format_description::well_known::Rfc3339)?,
            duration_seconds: (mixed.samples.len() as f64 / RATE as f64 * 1000.0).round() / 1000.0,
            direction,
            caller: Party { name: String::new(), number: field("caller").unwrap_or_default().to_string() },
            callee: Party { name: String::new(), number: field("callee").unwrap_or_default().to_string() },
            user: field("user").map(str::to_string),
            device: field("device").map(str::to_string),
            queue: field("queue").map(str::to_string),
            trace,
            ..Default::default()
        },
    });
    // A name of the spool's own: the call id kept to what every file system takes.
    let name: String = call_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') { c } else { '_' })
        .take(120)
        .collect();
    let wav = app::model::audio::wav_pcm16(RATE, &mixed.samples);
    write_atomically(&spool.join(format!("{name}.wav")), &wav)?;
    write_atomically(&spool.join(format!("{name}.json")), sidecar.to_string().as_bytes())?;
    std::fs::remove_file(&meta.pcap)?;
    std::fs::remove_file(metadata_file)?;
    Ok(name)
}

/// Under a hidden name first, which the ingest does not read, then renamed.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path.file_name().context("a file name")?.to_string_lossy();
    let hidden = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&hidden, bytes)?;
    std::fs::rename(&hidden, path)?;
    Ok(())
}

/// What the converter reads of rtpengine's metadata file.
struct Metadata {
    pcap: PathBuf,
    /// The proxy's `key:value|key:value` string, the file's last lines.
    generic: BTreeMap<String, String>,
}

impl Metadata {
    fn parse(text: &str) -> anyhow::Result<Metadata> {
        let pcap = text.lines().next().map(str::trim).filter(|l| l.ends_with(".pcap")).context("no pcap named")?;
        let generic_text = match text.rfind("call end time:") {
            Some(at) => text[at..].lines().skip(1).collect::<Vec<_>>().join(""),
            None => String::new(),
        };
        let generic = generic_text
            .split('|')
            .filter_map(|pair| pair.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Ok(Metadata { pcap: PathBuf::from(pcap), generic })
    }
}

struct Mixed {
    samples: Vec<i16>,
    /// When the first packet arrived, in seconds since 1970.
    first_packet: f64,
}

/// The G.711 audio of a pcap's RTP streams, each placed by its arrival and RTP timestamps and
/// summed: one mono track of the whole call.
fn mix(pcap: &[u8]) -> anyhow::Result<Mixed> {
    let packets = packets(pcap)?;
    let first_packet = packets.iter().map(|p| p.at).fold(f64::INFINITY, f64::min);
    if !first_packet.is_finite() {
        bail!("the recording holds no G.711 audio");
    }
    // Each stream starts where its first packet arrived; later packets go by their RTP time.
    let mut starts: BTreeMap<(u32, u16, u32), (usize, u32)> = BTreeMap::new();
    let mut track: Vec<i32> = Vec::new();
    for p in &packets {
        let (start, base) =
            *starts.entry(p.stream).or_insert((((p.at - first_packet) * RATE as f64).round() as usize, p.timestamp));
        let offset = start + p.timestamp.wrapping_sub(base) as usize;
        // A timestamp far ahead is a stream that restarted, not an hour of silence.
        if offset > 4 * 3600 * RATE as usize {
            continue;
        }
        if track.len() < offset + p.payload.len() {
            track.resize(offset + p.payload.len(), 0);
        }
        for (i, byte) in p.payload.iter().enumerate() {
            track[offset + i] += if p.alaw { alaw(*byte) } else { ulaw(*byte) } as i32;
        }
    }
    let samples = track.into_iter().map(|s| s.clamp(i16::MIN as i32, i16::MAX as i32) as i16).collect();
    Ok(Mixed { samples, first_packet })
}

struct Rtp<'a> {
    at: f64,
    /// Source address, source port and SSRC.
    stream: (u32, u16, u32),
    timestamp: u32,
    alaw: bool,
    payload: &'a [u8],
}

/// The PCMU and PCMA RTP packets over IPv4/UDP of a pcap (raw IP or Ethernet framing).
fn packets(pcap: &[u8]) -> anyhow::Result<Vec<Rtp<'_>>> {
    if pcap.len() < 24 {
        bail!("the pcap is empty");
    }
    let magic = [pcap[0], pcap[1], pcap[2], pcap[3]];
    let (little, nanos) = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] => (true, false),
        [0xa1, 0xb2, 0xc3, 0xd4] => (false, false),
        [0x4d, 0x3c, 0xb2, 0xa1] => (true, true),
        [0xa1, 0xb2, 0x3c, 0x4d] => (false, true),
        _ => bail!("not a pcap file"),
    };
    let u32_at = |b: &[u8], at: usize| -> u32 {
        let w = [b[at], b[at + 1], b[at + 2], b[at + 3]];
        if little {
            u32::from_le_bytes(w)
        } else {
            u32::from_be_bytes(w)
        }
    };
    let link = u32_at(pcap, 20);
    let framing = match link {
        101 | 228 => 0, // raw IP, raw IPv4
        1 => 14,        // Ethernet
        other => bail!("pcap link type {other} is not read"),
    };
    let mut out = Vec::new();
    let mut at = 24;
    while at + 16 <= pcap.len() {
        let (secs, frac, len) = (u32_at(pcap, at), u32_at(pcap, at + 4), u32_at(pcap, at + 8) as usize);
        let data = pcap.get(at + 16..at + 16 + len).context("a truncated packet")?;
        at += 16 + len;
        let time = secs as f64 + frac as f64 / if nanos { 1e9 } else { 1e6 };
        let Some(ip) = data.get(framing..) else { continue };
        if ip.len() < 20 || ip[0] >> 4 != 4 || ip[9] != 17 {
            continue;
        }
        let ihl = (ip[0] & 0x0f) as usize * 4;
        let Some(udp) = ip.get(ihl..) else { continue };
        let Some(rtp) = udp.get(8..) else { continue };
        if rtp.len() < 12 || rtp[0] >> 6 != 2 {
            continue;
        }
        let csrc = (rtp[0] & 0x0f) as usize * 4;
        let extension = rtp[0] & 0x10 != 0;
        let mut header = 12 + csrc;
        if extension {
            let Some(ext) = rtp.get(header..header + 4) else { continue };
            header += 4 + u16::from_be_bytes([ext[2], ext[3]]) as usize * 4;
        }
        let mut end = rtp.len();
        if rtp[0] & 0x20 != 0 {
            end = end.saturating_sub(*rtp.last().unwrap_or(&0) as usize);
        }
        let alaw = match rtp[1] & 0x7f {
            0 => false,
            8 => true,
            _ => continue, // DTMF events, comfort noise, other codecs
        };
        let Some(payload) = rtp.get(header..end) else { continue };
        out.push(Rtp {
            at: time,
            stream: (
                u32::from_be_bytes([ip[12], ip[13], ip[14], ip[15]]),
                u16::from_be_bytes([udp[0], udp[1]]),
                u32::from_be_bytes([rtp[8], rtp[9], rtp[10], rtp[11]]),
            ),
            timestamp: u32::from_be_bytes([rtp[4], rtp[5], rtp[6], rtp[7]]),
            alaw,
            payload,
        });
    }
    Ok(out)
}

/// G.711 μ-law to 16-bit linear.
fn ulaw(byte: u8) -> i16 {
    let b = !byte;
    let exponent = (b >> 4) & 0x07;
    let mantissa = (b & 0x0f) as i16;
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if b & 0x80 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// G.711 A-law to 16-bit linear.
fn alaw(byte: u8) -> i16 {
    let b = byte ^ 0x55;
    let exponent = (b >> 4) & 0x07;
    let mantissa = (b & 0x0f) as i16;
    let magnitude = match exponent {
        0 => (mantissa << 4) + 8,
        e => ((mantissa << 4) + 0x108) << (e - 1),
    };
    if b & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_decodes_to_the_reference_values() {
        // ITU-T G.711: silence is near zero, the extremes are ±32124 (μ) and ±32256 (A).
        assert_eq!((ulaw(0xff), ulaw(0x7f)), (0, 0));
        assert_eq!((ulaw(0x00), ulaw(0x80)), (-32124, 32124));
        assert_eq!((alaw(0xd5), alaw(0x55)), (8, -8));
        assert_eq!((alaw(0xaa), alaw(0x2a)), (32256, -32256));
    }

    /// A raw-IP pcap of RTP packets: (arrival, source port, RTP timestamp, payload type, payload).
    fn pcap_of(packets: &[(f64, u16, u32, u8, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        for w in [0xa1b2c3d4u32, 0x0004_0002, 0, 0, 65535, 101] {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for (at, port, ts, pt, payload) in packets {
            let mut rtp = vec![0x80, *pt, 0, 1];
            rtp.extend_from_slice(&ts.to_be_bytes());
            rtp.extend_from_slice(&u32::from(*port).to_be_bytes()); // SSRC
            rtp.extend_from_slice(payload);
            let mut udp = port.to_be_bytes().to_vec();
            udp.extend_from_slice(&[0x75, 0x30]);
            udp.extend_from_slice(&((8 + rtp.len()) as u16).to_be_bytes());
            udp.extend_from_slice(&[0, 0]);
            udp.extend_from_slice(&rtp);
            let mut ip = vec![0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1];
            ip.extend_from_slice(&udp);
            out.extend_from_slice(&(at.trunc() as u32).to_le_bytes());
            out.extend_from_slice(&((at.fract() * 1e6).round() as u32).to_le_bytes());
            out.extend_from_slice(&(ip.len() as u32).to_le_bytes());
            out.extend_from_slice(&(ip.len() as u32).to_le_bytes());
            out.extend_from_slice(&ip);
        }
        out
    }

    #[test]
    fn streams_are_placed_by_arrival_and_rtp_time_and_summed() {
        let loud_u = vec![0x80u8; 160]; // μ-law +32124
        let loud_a = vec![0xaau8; 160]; // A-law +32256
        let pcap = pcap_of(&[
            (1000.0, 4000, 500, 0, loud_u.clone()),
            // Its next packet by RTP time, arriving late: placed by its timestamp.
            (1000.5, 4000, 660, 0, loud_u),
            // The other direction starts 10 ms later, on its own clock.
            (1000.01, 5000, 90_000, 8, loud_a),
            // Comfort noise is not audio.
            (1000.02, 5000, 90_160, 13, vec![0x40]),
        ]);
        let mixed = mix(&pcap).unwrap();
        assert_eq!(mixed.first_packet, 1000.0);
        assert_eq!(mixed.samples.len(), 320, "two packets of one stream, back to back");
        assert_eq!(mixed.samples[0], 32124);
        assert_eq!(mixed.samples[79], 32124, "one stream alone");
        assert_eq!(mixed.samples[80], i16::MAX, "both summed where they overlap, and clipped");
        assert_eq!(mixed.samples[240], 32124, "the other stream ended");
        assert_eq!(mixed.samples[319], 32124);
        assert!(mix(&pcap_of(&[(1.0, 4000, 0, 13, vec![1])])).is_err(), "no G.711: nothing to record");
    }

    #[test]
    fn the_generic_metadata_is_the_last_block() {
        let text = "/spool/pcaps/x.pcap\n\n\nSDP mode: offer\n\nv=0\n\ncall start time: 2026-12-04T05:11:42\n\
                    call end time: 2026-12-04T05:11:45\n\n\ncompany:c-1|call_id:1-2@h|caller:+1555|trace:W10=\n";
        let m = Metadata::parse(text).unwrap();
        assert_eq!(m.pcap, PathBuf::from("/spool/pcaps/x.pcap"));
        assert_eq!(m.generic["company"], "c-1");
        assert_eq!(m.generic["call_id"], "1-2@h");
        assert_eq!(m.generic["trace"], "W10=");
    }
}
