//! Audio files as the library accepts them: recognised by their content, not their name.
//! Plain Rust, shared by the server (which decides) and the browser (which can warn early).

use serde::{Deserialize, Serialize};

/// The largest audio file the library takes.
pub const MAX_AUDIO_BYTES: usize = 5 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AudioFormat {
    Wav,
    Mp3,
    Ogg,
}

impl AudioFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            AudioFormat::Wav => "wav",
            AudioFormat::Mp3 => "mp3",
            AudioFormat::Ogg => "ogg",
        }
    }

    pub fn parse(text: &str) -> Option<AudioFormat> {
        [AudioFormat::Wav, AudioFormat::Mp3, AudioFormat::Ogg].into_iter().find(|f| f.as_str() == text)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            AudioFormat::Wav => "audio/wav",
            AudioFormat::Mp3 => "audio/mpeg",
            AudioFormat::Ogg => "audio/ogg",
        }
    }

    /// The format of these bytes: a RIFF/WAVE header, an Ogg page, or MP3 (an ID3 tag or
    /// an MPEG audio frame sync).
    pub fn sniff(bytes: &[u8]) -> Option<AudioFormat> {
        match bytes {
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => Some(AudioFormat::Wav),
            [b'O', b'g', b'g', b'S', ..] => Some(AudioFormat::Ogg),
            [b'I', b'D', b'3', ..] => Some(AudioFormat::Mp3),
            [0xFF, second, ..] if second & 0xE0 == 0xE0 => Some(AudioFormat::Mp3),
            _ => None,
        }
    }
}

/// 16-bit mono PCM samples as a WAV file: the demo's tones and the tests' uploads.
pub fn wav_pcm16(rate: u32, samples: &[i16]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut w = Vec::with_capacity(44 + data_len as usize);
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data_len).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes()); // PCM
    w.extend_from_slice(&1u16.to_le_bytes()); // mono
    w.extend_from_slice(&rate.to_le_bytes());
    w.extend_from_slice(&(rate * 2).to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        w.extend_from_slice(&s.to_le_bytes());
    }
    w
}

/// "16 KB" or "4.2 MB", for tables.
pub fn size_text(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        megabytes(bytes)
    }
}

/// "4.2 MB", for messages.
pub fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The PCM samples of a WAV file (8- or 16-bit, any channel count, channels mixed down by
/// taking the loudest), with its sample rate; None for any other WAV.
fn wav_samples(bytes: &[u8]) -> Option<(u32, u16, u16, &[u8])> {
    if AudioFormat::sniff(bytes) != Some(AudioFormat::Wav) {
        return None;
    }
    let (mut pos, mut fmt, mut data) = (12usize, None, None);
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let len = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().ok()?) as usize;
        let body = &bytes[pos + 8..(pos + 8).saturating_add(len).min(bytes.len())];
        match id {
            b"fmt " if body.len() >= 16 => {
                let tag = u16::from_le_bytes([body[0], body[1]]);
                let channels = u16::from_le_bytes([body[2], body[3]]);
                let rate = u32::from_le_bytes(body[4..8].try_into().ok()?);
                let bits = u16::from_le_bytes([body[14], body[15]]);
                fmt = Some((tag, channels, rate, bits));
            }
            b"data" => data = Some(body),
            _ => {}
        }
        pos = pos + 8 + len + (len & 1);
    }
    let ((tag, channels, rate, bits), data) = (fmt?, data?);
    (tag == 1 && channels > 0 && rate > 0 && (bits == 8 || bits == 16)).then_some((rate, channels, bits, data))
}

/// How long a WAV file plays, in milliseconds.
pub fn wav_duration_ms(bytes: &[u8]) -> Option<i64> {
    let (rate, channels, bits, data) = wav_samples(bytes)?;
    let frames = data.len() as u64 / (channels as u64 * (bits as u64 / 8));
    Some((frames * 1000 / rate as u64) as i64)
}

/// The waveform of a WAV file: the loudest sample of each of `buckets` equal slices, 0-255.
pub fn wav_peaks(bytes: &[u8], buckets: usize) -> Option<Vec<u8>> {
    let (_, channels, bits, data) = wav_samples(bytes)?;
    let width = bits as usize / 8;
    let samples = data.len() / width;
    if samples == 0 || buckets == 0 {
        return Some(Vec::new());
    }
    let amplitude = |i: usize| -> u32 {
        let s = &data[i * width..i * width + width];
        if width == 1 {
            (s[0] as i32 - 128).unsigned_abs() * 256
        } else {
            (i16::from_le_bytes([s[0], s[1]]) as i32).unsigned_abs()
        }
    };
    let frames = samples / channels as usize;
    let buckets = buckets.min(frames.max(1));
    Some(
        (0..buckets)
            .map(|b| {
                let (start, end) = (b * frames / buckets, ((b + 1) * frames / buckets).max(b * frames / buckets + 1));
                let loudest = (start * channels as usize..(end * channels as usize).min(samples)).map(amplitude).max();
                (loudest.unwrap_or(0) * 255 / 32768) as u8
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_tells_its_duration_and_peaks() {
        let mut samples = vec![0i16; 8000];
        samples[6000] = i16::MAX;
        let wav = wav_pcm16(8000, &samples);
        assert_eq!(wav_duration_ms(&wav), Some(1000));
        let peaks = wav_peaks(&wav, 4).unwrap();
        assert_eq!(peaks, vec![0, 0, 0, 254]);
        assert_eq!(wav_peaks(b"OggS not a wav", 4), None);
    }
}
