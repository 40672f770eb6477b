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

/// "4.2 MB", for messages.
pub fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}
