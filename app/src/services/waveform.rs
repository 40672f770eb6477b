//! The waveform of a received recording, read from its file once at upload (in a blocking
//! task: decoding is CPU work) and kept with its row, so the player never decodes audio.
//! WAV is read as it is; MP3 and OGG (Vorbis) are decoded with symphonia. Memory stays the
//! same whatever the call's length.

use crate::model::audio::{wav_layout, AudioFormat, DecodedPeaks, Peaks};
use crate::model::recordings::PEAKS;
use std::io::{Read, Seek};
use std::path::Path;

/// What the audio itself says: its waveform and, when it could be read, how long it plays
/// (the default: nothing, for audio that cannot be read).
#[derive(Default)]
pub struct Waveform {
    pub peaks: Vec<u8>,
    pub duration_ms: Option<i64>,
}

/// The waveform of the file at `path`. Audio that cannot be read has none (the recording is
/// kept all the same: it is the call's only copy).
pub fn of_file(path: &Path, size: u64, format: AudioFormat) -> Waveform {
    let read = match format {
        AudioFormat::Wav => wav(path, size).map_err(|e| e.to_string()),
        AudioFormat::Mp3 | AudioFormat::Ogg => decoded(path, format).map_err(|e| e.to_string()),
    };
    read.unwrap_or_else(|e| {
        tracing::warn!(format = format.as_str(), error = %e, "a recording's audio could not be read for its waveform");
        Waveform::default()
    })
}

fn wav(path: &Path, size: u64) -> std::io::Result<Waveform> {
    let mut file = std::fs::File::open(path)?;
    let mut chunk = vec![0u8; 64 * 1024];
    let n = read_up_to(&mut file, &mut chunk)?;
    let Some(layout) = wav_layout(&chunk[..n], size) else {
        return Ok(Waveform::default());
    };
    let mut peaks = Peaks::new(layout, PEAKS);
    file.seek(std::io::SeekFrom::Start(layout.data_offset as u64))?;
    let mut left = layout.data_len;
    while left > 0 {
        let n = read_up_to(&mut file, &mut chunk[..left.min(64 * 1024)])?;
        if n == 0 {
            break;
        }
        peaks.feed(&chunk[..n]);
        left -= n;
    }
    Ok(Waveform { duration_ms: Some(layout.duration_ms()), peaks: peaks.finish() })
}

fn read_up_to(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn decoded(path: &Path, format: AudioFormat) -> Result<Waveform, symphonia::core::errors::Error> {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::errors::Error;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::probe::Hint;

    let source = MediaSourceStream::new(Box::new(std::fs::File::open(path)?), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(format.as_str());
    let probed = symphonia::default::get_probe().format(&hint, source, &Default::default(), &Default::default())?;
    let mut reader = probed.format;
    let track = reader.default_track().ok_or(Error::Unsupported("no audio track"))?;
    let (track_id, rate) = (track.id, track.codec_params.sample_rate);
    let mut decoder = symphonia::default::get_codecs().make(&track.codec_params, &Default::default())?;
    let mut peaks = DecodedPeaks::new(PEAKS);
    let mut samples: Option<SampleBuffer<f32>> = None;
    loop {
        let packet = match reader.next_packet() {
            Ok(p) => p,
            // The end of the stream comes as an unexpected end of file.
            Err(Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            // A damaged packet is skipped, as a player would.
            Err(Error::DecodeError(_)) => continue,
            Err(e) => return Err(e),
        };
        let channels = decoded.spec().channels.count().max(1);
        let buffer = samples.get_or_insert_with(|| SampleBuffer::new(decoded.capacity() as u64, *decoded.spec()));
        if buffer.capacity() < decoded.capacity() * channels {
            *buffer = SampleBuffer::new(decoded.capacity() as u64, *decoded.spec());
        }
        buffer.copy_interleaved_ref(decoded);
        for frame in buffer.samples().chunks(channels) {
            peaks.frame(frame.iter().copied().fold(0.0, |m, s| m.max(s.abs())));
        }
    }
    let duration_ms = rate.filter(|r| *r > 0).map(|r| (peaks.frames() * 1000 / r as u64) as i64);
    Ok(Waveform { peaks: peaks.finish(), duration_ms })
}
