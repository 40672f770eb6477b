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

/// Where the samples of a WAV file are and how they are laid out, read from its first bytes
/// (the chunks up to `data`), so the samples themselves can be streamed from a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WavLayout {
    pub channels: u16,
    pub rate: u32,
    pub bits: u16,
    /// The offset of the first sample, and how many bytes of samples the file has.
    pub data_offset: usize,
    pub data_len: usize,
}

impl WavLayout {
    /// How long the samples play.
    pub fn duration_ms(&self) -> i64 {
        let frames = self.data_len as u64 / (self.channels as u64 * (self.bits as u64 / 8));
        (frames * 1000 / self.rate.max(1) as u64) as i64
    }
}

/// The layout of a WAV file of `total_len` bytes whose first bytes are `head` (8- or 16-bit
/// PCM only); the `fmt ` chunk must come before `data`, as every writer puts it.
pub fn wav_layout(head: &[u8], total_len: u64) -> Option<WavLayout> {
    if AudioFormat::sniff(head) != Some(AudioFormat::Wav) {
        return None;
    }
    let (mut pos, mut fmt) = (12usize, None);
    while pos + 8 <= head.len() {
        let id = &head[pos..pos + 4];
        let len = u32::from_le_bytes(head[pos + 4..pos + 8].try_into().ok()?) as usize;
        match id {
            b"fmt " if pos + 8 + 16 <= head.len() && len >= 16 => {
                let body = &head[pos + 8..];
                fmt = Some((
                    u16::from_le_bytes([body[0], body[1]]),
                    u16::from_le_bytes([body[2], body[3]]),
                    u32::from_le_bytes(body[4..8].try_into().ok()?),
                    u16::from_le_bytes([body[14], body[15]]),
                ));
            }
            b"data" => {
                let (tag, channels, rate, bits) = fmt?;
                let data_offset = pos + 8;
                // Streaming writers leave the length at its maximum: the file's end bounds it.
                let data_len = (len as u64).min(total_len.saturating_sub(data_offset as u64)) as usize;
                return (tag == 1 && channels > 0 && rate > 0 && (bits == 8 || bits == 16)).then_some(WavLayout {
                    channels,
                    rate,
                    bits,
                    data_offset,
                    data_len,
                });
            }
            _ => {}
        }
        pos = pos + 8 + len + (len & 1);
    }
    None
}

/// The waveform of a WAV file as its samples stream past: the loudest sample of each of
/// `buckets` equal slices of its frames, 0-255. Memory stays the same whatever the length.
pub struct Peaks {
    channels: usize,
    width: usize,
    /// Samples that count: whole frames only.
    samples: usize,
    frames: usize,
    buckets: usize,
    seen: usize,
    bucket: usize,
    bucket_end: usize,
    loudest: u32,
    carry: Option<u8>,
    out: Vec<u8>,
}

impl Peaks {
    pub fn new(layout: WavLayout, buckets: usize) -> Peaks {
        let (channels, width) = (layout.channels as usize, layout.bits as usize / 8);
        let frames = layout.data_len / width / channels;
        let buckets = buckets.min(frames);
        Peaks {
            channels,
            width,
            samples: frames * channels,
            frames,
            buckets,
            seen: 0,
            bucket: 0,
            bucket_end: frames.checked_div(buckets).unwrap_or(0),
            loudest: 0,
            carry: None,
            out: Vec::with_capacity(buckets),
        }
    }

    fn sample(&mut self, amplitude: u32) {
        if self.seen >= self.samples || self.buckets == 0 {
            return;
        }
        let frame = self.seen / self.channels;
        while frame >= self.bucket_end && self.out.len() < self.buckets {
            self.flush();
        }
        self.loudest = self.loudest.max(amplitude);
        self.seen += 1;
    }

    fn flush(&mut self) {
        self.out.push((self.loudest * 255 / 32768) as u8);
        self.loudest = 0;
        self.bucket += 1;
        self.bucket_end = (self.bucket + 1) * self.frames / self.buckets;
    }

    /// The next bytes of the `data` chunk, cut anywhere.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        if self.width == 1 {
            for &b in bytes {
                self.sample((b as i32 - 128).unsigned_abs() * 256);
            }
            return;
        }
        if let (Some(low), Some(&high)) = (self.carry, bytes.first()) {
            self.carry = None;
            self.sample((i16::from_le_bytes([low, high]) as i32).unsigned_abs());
            bytes = &bytes[1..];
        }
        let mut pairs = bytes.chunks_exact(2);
        for s in &mut pairs {
            self.sample((i16::from_le_bytes([s[0], s[1]]) as i32).unsigned_abs());
        }
        self.carry = pairs.remainder().first().copied();
    }

    pub fn finish(mut self) -> Vec<u8> {
        while self.out.len() < self.buckets {
            self.flush();
        }
        self.out
    }
}

/// The waveform of decoded audio (MP3, OGG), whose length is known only at its last frame:
/// the loudest sample of each block of frames, the blocks doubling in length whenever there
/// are too many of them, so that memory stays the same whatever the length. Finished like
/// [`Peaks`]: at most `buckets` equal slices, 0-255.
pub struct DecodedPeaks {
    buckets: usize,
    block: usize,
    in_block: usize,
    loudest: f32,
    blocks: Vec<f32>,
    frames: u64,
}

impl DecodedPeaks {
    pub fn new(buckets: usize) -> DecodedPeaks {
        DecodedPeaks { buckets, block: 1, in_block: 0, loudest: 0.0, blocks: Vec::new(), frames: 0 }
    }

    /// The next frame, as its loudest sample over the channels (full scale is 1.0).
    pub fn frame(&mut self, amplitude: f32) {
        self.frames += 1;
        self.loudest = self.loudest.max(amplitude.abs());
        self.in_block += 1;
        if self.in_block < self.block {
            return;
        }
        self.blocks.push(self.loudest);
        (self.loudest, self.in_block) = (0.0, 0);
        if self.blocks.len() >= 4 * self.buckets.max(1) {
            self.blocks = self.blocks.chunks(2).map(|pair| pair.iter().copied().fold(0.0, f32::max)).collect();
            self.block *= 2;
        }
    }

    /// How many frames were fed.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    pub fn finish(mut self) -> Vec<u8> {
        if self.in_block > 0 {
            self.blocks.push(self.loudest);
        }
        let (len, n) = (self.blocks.len(), self.buckets.min(self.blocks.len()));
        (0..n)
            .map(|i| {
                let slice = &self.blocks[i * len / n..((i + 1) * len / n).max(i * len / n + 1)];
                (slice.iter().copied().fold(0.0, f32::max) * 255.0).min(255.0) as u8
            })
            .collect()
    }
}

/// The waveform of a WAV file held in memory (see [`Peaks`]).
pub fn wav_peaks(bytes: &[u8], buckets: usize) -> Option<Vec<u8>> {
    let layout = wav_layout(bytes, bytes.len() as u64)?;
    let mut peaks = Peaks::new(layout, buckets);
    peaks.feed(&bytes[layout.data_offset..layout.data_offset + layout.data_len]);
    Some(peaks.finish())
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

    #[test]
    fn decoded_peaks_match_the_wav_peaks_of_the_same_samples() {
        // A silent second, then a loud one with one peak at full scale, at any length.
        for rate in [8000usize, 44_100] {
            let mut samples = vec![0i16; rate];
            samples.extend((0..rate).map(|i| if i % 2 == 0 { 16_000 } else { -16_000 }));
            samples[rate + rate / 2] = i16::MAX;
            let from_wav = wav_peaks(&wav_pcm16(rate as u32, &samples), 8).unwrap();
            let mut decoded = DecodedPeaks::new(8);
            for s in &samples {
                decoded.frame(*s as f32 / 32768.0);
            }
            assert_eq!(decoded.frames(), 2 * rate as u64);
            let decoded = decoded.finish();
            // The slices' edges may differ by a block; the picture may not.
            for peaks in [&from_wav, &decoded] {
                assert_eq!(peaks.len(), 8);
                assert_eq!(&peaks[..3], &[0, 0, 0], "{rate} Hz: {peaks:?}");
                assert!(peaks[4..].iter().all(|&p| p >= 124), "{rate} Hz: {peaks:?}");
                assert_eq!(peaks.iter().max(), Some(&254), "{rate} Hz: {peaks:?}");
            }
        }
        let mut short = DecodedPeaks::new(200);
        (0..3).for_each(|_| short.frame(0.5));
        assert_eq!(short.finish(), vec![127, 127, 127], "fewer frames than buckets: one bucket each");
        assert_eq!(DecodedPeaks::new(200).finish(), Vec::<u8>::new());
    }

    #[test]
    fn peaks_streamed_in_any_cuts_equal_peaks_of_the_whole() {
        let samples: Vec<i16> = (0..10_007).map(|i| ((i * 7919) % 65_536 - 32_768) as i16).collect();
        let wav = wav_pcm16(8000, &samples);
        let whole = wav_peaks(&wav, 100).unwrap();
        assert_eq!(whole.len(), 100);
        let layout = wav_layout(&wav[..64], wav.len() as u64).unwrap();
        for cut in [1, 3, 64, 4097] {
            let mut p = Peaks::new(layout, 100);
            for part in wav[layout.data_offset..].chunks(cut) {
                p.feed(part);
            }
            assert_eq!(p.finish(), whole, "cut every {cut} bytes");
        }
    }
}
