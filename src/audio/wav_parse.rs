//! A strict, bounded reader for WAV files from anywhere (a file is untrusted input).
//!
//! Rules:
//! - The RIFF chunks are walked in order; every size is checked against the bytes that are
//!   really there, and nothing is allocated from a header field: memory grows with the bytes
//!   actually read, so a small file that claims gigabytes costs nothing.
//! - Formats: integer PCM of 8 (unsigned), 16, 24 and 32 bits, IEEE float of 32 and 64 bits,
//!   G.711 a-law and µ-law, and the same inside `WAVE_FORMAT_EXTENSIBLE`. Chunks of odd size
//!   are followed by a pad byte (RIFF rule) and are skipped with it. A `data` size of 0 or
//!   0xFFFF_FFFF (what a streaming writer leaves when it cannot seek back) means "to the end
//!   of the file", as sox and Python's `wave` read it; a `RF64` header is read the same way.
//! - Limits: 1 to [`MAX_CHANNELS`] channels, [`MIN_SAMPLE_RATE`] to [`MAX_SAMPLE_RATE`] Hz,
//!   a block alignment that matches the channel count and sample size, and at most the
//!   caller's length limit. A declared `data` size larger than the file is a truncation.
//! - Samples come out in -1..=1 and finite: a NaN or infinite float sample is refused (it
//!   would crash whisper.cpp), a finite float beyond ±1 is clipped to ±1.
//!
//! Sources: the RIFF/WAVE layout (Microsoft's multimedia RIFF spec: chunk id, u32 size, data,
//! pad byte), `WAVEFORMATEXTENSIBLE` (sub-format GUID whose first two bytes are the format tag),
//! ITU-T G.711 for the a-law and µ-law expansions.

use std::io::{self, Read};
use std::time::Duration;

/// Fewest samples per second accepted: below this no speech survives.
pub const MIN_SAMPLE_RATE: u32 = 1_000;
/// Most samples per second accepted: the highest rate common audio hardware records (384 kHz).
pub const MAX_SAMPLE_RATE: u32 = 384_000;
/// Most channels accepted (WAVE_FORMAT_EXTENSIBLE names 18 speaker positions; 64 leaves room).
pub const MAX_CHANNELS: u16 = 64;
/// Largest `fmt ` chunk read (the extensible form is 40 bytes; anything huge is not a header).
const MAX_FMT_LEN: u32 = 4096;
/// How many bytes of sample data are converted at a time.
const READ_BLOCK: usize = 64 * 1024;
/// A data size that means "until the end of the file".
const SIZE_UNKNOWN: u32 = 0xFFFF_FFFF;

const TAG_PCM: u16 = 0x0001;
const TAG_FLOAT: u16 = 0x0003;
const TAG_ALAW: u16 = 0x0006;
const TAG_MULAW: u16 = 0x0007;
const TAG_EXTENSIBLE: u16 = 0xFFFE;

/// What is wrong with a WAV file, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum WavProblem {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("it is not a WAV file ({0})")]
    NotWav(String),
    #[error("it uses an unsupported sample format: {0}")]
    Unsupported(String),
    #[error("its sample rate is {0} Hz; rehearse reads 1,000 to 384,000 Hz")]
    Rate(u32),
    #[error("its header says {0} channels; rehearse reads 1 to 64")]
    Channels(u16),
    #[error("it contains no audio (zero samples)")]
    Empty,
    #[error(
        "it is truncated: the header promises {expected} bytes of audio but only {found} are there"
    )]
    Truncated { expected: u64, found: u64 },
    #[error("it is {minutes} minutes long; the limit is {limit} minutes")]
    TooLong { minutes: u64, limit: u64 },
    #[error(
        "it holds an invalid sample (not a number or infinite) at {seconds:.3} s: the file is damaged"
    )]
    NonFinite { seconds: f64 },
}

/// The sample encodings read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Integer PCM stored in `bytes` bytes (8-bit is unsigned, wider is signed).
    Int {
        bytes: u8,
    },
    Float32,
    Float64,
    ALaw,
    MuLaw,
}

/// The format a file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WavFormat {
    pub encoding: Encoding,
    pub channels: u16,
    pub sample_rate: u32,
}

impl WavFormat {
    fn bytes_per_sample(&self) -> usize {
        match self.encoding {
            Encoding::Int { bytes } => usize::from(bytes),
            Encoding::Float32 => 4,
            Encoding::Float64 => 8,
            Encoding::ALaw | Encoding::MuLaw => 1,
        }
    }

    fn bytes_per_frame(&self) -> usize {
        self.bytes_per_sample() * usize::from(self.channels)
    }
}

/// Decoded audio: interleaved samples in -1..=1 at the file's own rate.
#[derive(Debug, Clone, PartialEq)]
pub struct PcmAudio {
    pub format: WavFormat,
    pub interleaved: Vec<f32>,
}

impl PcmAudio {
    pub fn frames(&self) -> usize {
        self.interleaved.len() / usize::from(self.format.channels.max(1))
    }
}

/// Reads a WAV file from disk (see [`parse_wav`]).
pub fn read_file(path: &std::path::Path, max_seconds: u64) -> Result<PcmAudio, WavProblem> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    parse_wav(io::BufReader::new(file), len, max_seconds)
}

/// Reads a whole WAV stream of `total_len` bytes (the file's length), refusing anything longer
/// than `max_seconds`.
pub fn parse_wav<R: Read>(
    reader: R,
    total_len: u64,
    max_seconds: u64,
) -> Result<PcmAudio, WavProblem> {
    let mut r = Counted {
        inner: reader,
        pos: 0,
    };
    let (format, len) = read_header(&mut r, total_len)?;
    read_data(&mut r, format, len, max_seconds)
}

/// The format and length of a WAV file, from its chunks and its size on disk, without reading
/// the samples.
pub fn probe_file(path: &std::path::Path) -> Result<(WavFormat, Duration), WavProblem> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut r = Counted {
        inner: io::BufReader::new(file),
        pos: 0,
    };
    let (format, data_len) = read_header(&mut r, len)?;
    let frames = data_len / format.bytes_per_frame() as u64;
    if frames == 0 {
        return Err(WavProblem::Empty);
    }
    let ms = frames.saturating_mul(1000) / u64::from(format.sample_rate);
    Ok((format, Duration::from_millis(ms)))
}

/// Walks the chunks up to `data`; returns the format and the data length in bytes (from the
/// bytes really there when the header leaves it open). Leaves `r` at the first sample.
fn read_header<R: Read>(
    r: &mut Counted<R>,
    total_len: u64,
) -> Result<(WavFormat, u64), WavProblem> {
    let mut riff = [0u8; 12];
    read_exact_or(r, &mut riff, || {
        WavProblem::NotWav("the file is shorter than a RIFF header".into())
    })?;
    if !matches!(&riff[0..4], b"RIFF" | b"RF64") || &riff[8..12] != b"WAVE" {
        return Err(WavProblem::NotWav("no RIFF/WAVE header".into()));
    }
    let mut format: Option<WavFormat> = None;
    loop {
        let mut head = [0u8; 8];
        let got = read_up_to(r, &mut head)?;
        if got < 8 {
            return Err(match format {
                None => WavProblem::NotWav("no format chunk".into()),
                Some(_) => WavProblem::NotWav("no data chunk".into()),
            });
        }
        let id = [head[0], head[1], head[2], head[3]];
        let size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        match &id {
            b"fmt " => {
                if !(16..=MAX_FMT_LEN).contains(&size) {
                    return Err(WavProblem::NotWav(format!(
                        "a {size}-byte format chunk (expected 16 to 40)"
                    )));
                }
                let mut buf = vec![0u8; size as usize];
                read_exact_or(r, &mut buf, || {
                    WavProblem::NotWav("the format chunk is cut short".into())
                })?;
                skip(r, u64::from(size & 1))?;
                format = Some(parse_fmt(&buf)?);
            }
            b"data" => {
                let Some(format) = format else {
                    return Err(WavProblem::NotWav(
                        "the data chunk comes before the format".into(),
                    ));
                };
                let remaining = total_len.saturating_sub(r.pos);
                let len = if size == 0 || size == SIZE_UNKNOWN {
                    remaining
                } else if u64::from(size) > remaining {
                    return Err(WavProblem::Truncated {
                        expected: u64::from(size),
                        found: remaining,
                    });
                } else {
                    u64::from(size)
                };
                return Ok((format, len));
            }
            _ => skip(r, u64::from(size) + u64::from(size & 1))?,
        }
    }
}

fn parse_fmt(buf: &[u8]) -> Result<WavFormat, WavProblem> {
    let u16_at = |i: usize| u16::from_le_bytes([buf[i], buf[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([buf[i], buf[i + 1], buf[i + 2], buf[i + 3]]);
    let mut tag = u16_at(0);
    let channels = u16_at(2);
    let sample_rate = u32_at(4);
    let block_align = u16_at(12);
    let bits = u16_at(14);
    if tag == TAG_EXTENSIBLE {
        // cbSize, valid bits, channel mask, then the sub-format GUID.
        if buf.len() < 40 {
            return Err(WavProblem::NotWav(
                "an extensible format chunk shorter than 40 bytes".into(),
            ));
        }
        tag = u16_at(24);
    }
    if channels == 0 || channels > MAX_CHANNELS {
        return Err(WavProblem::Channels(channels));
    }
    if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&sample_rate) {
        return Err(WavProblem::Rate(sample_rate));
    }
    let bits = u32::from(bits);
    let container_bits = if block_align > 0 && block_align % channels == 0 {
        u32::from(block_align / channels) * 8
    } else {
        0
    };
    let encoding = match (tag, container_bits) {
        // Integer samples are stored in whole bytes; fewer valid bits than the container
        // (20 bits in 24) are left-justified, so scaling by the container is right.
        (TAG_PCM, 8 | 16 | 24 | 32) if bits > 0 && bits <= container_bits => Encoding::Int {
            bytes: (container_bits / 8) as u8,
        },
        (TAG_FLOAT, 32) if bits == 32 => Encoding::Float32,
        (TAG_FLOAT, 64) if bits == 64 => Encoding::Float64,
        (TAG_ALAW, 8) if bits == 8 => Encoding::ALaw,
        (TAG_MULAW, 8) if bits == 8 => Encoding::MuLaw,
        (TAG_PCM | TAG_FLOAT | TAG_ALAW | TAG_MULAW, _) => {
            return Err(WavProblem::NotWav(format!(
                "{bits}-bit samples in {block_align}-byte frames of {channels} channels do not fit"
            )));
        }
        (other, _) => return Err(WavProblem::Unsupported(format_name(other))),
    };
    Ok(WavFormat {
        encoding,
        channels,
        sample_rate,
    })
}

fn format_name(tag: u16) -> String {
    let name = match tag {
        0x0002 => "Microsoft ADPCM",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG",
        0x0055 => "MP3",
        0x00FF => "AAC",
        _ => "unknown",
    };
    format!("{name} (format tag {tag:#06x}); convert it to PCM WAV first")
}

fn read_data<R: Read>(
    r: &mut Counted<R>,
    format: WavFormat,
    len: u64,
    max_seconds: u64,
) -> Result<PcmAudio, WavProblem> {
    let frame = format.bytes_per_frame() as u64;
    let frames = len / frame;
    if frames == 0 {
        return Err(WavProblem::Empty);
    }
    let seconds = frames / u64::from(format.sample_rate);
    if seconds >= max_seconds.saturating_add(1) {
        return Err(WavProblem::TooLong {
            minutes: seconds.div_ceil(60),
            limit: max_seconds / 60,
        });
    }
    let wanted = frames * frame;
    // `wanted` is bounded by the bytes really present, so reserving it is safe.
    let samples = (frames * u64::from(format.channels)) as usize;
    let mut out = Vec::with_capacity(samples);
    let mut block = vec![0u8; READ_BLOCK - READ_BLOCK % frame as usize];
    let mut left = wanted;
    while left > 0 {
        let n = block.len().min(left as usize);
        let got = read_up_to(r, &mut block[..n])?;
        let whole = got - got % frame as usize;
        convert(&block[..whole], format, &mut out)?;
        if got < n {
            break;
        }
        left -= got as u64;
    }
    if out.is_empty() {
        return Err(WavProblem::Empty);
    }
    Ok(PcmAudio {
        format,
        interleaved: out,
    })
}

fn convert(bytes: &[u8], format: WavFormat, out: &mut Vec<f32>) -> Result<(), WavProblem> {
    let check = |v: f64, out: &Vec<f32>| -> Result<f32, WavProblem> {
        if v.is_finite() {
            Ok(v.clamp(-1.0, 1.0) as f32)
        } else {
            let frame = out.len() / usize::from(format.channels);
            Err(WavProblem::NonFinite {
                seconds: frame as f64 / f64::from(format.sample_rate),
            })
        }
    };
    match format.encoding {
        Encoding::Int { bytes: 1 } => {
            out.extend(bytes.iter().map(|&b| (f32::from(b) - 128.0) / 128.0));
        }
        Encoding::Int { bytes: 2 } => out.extend(
            bytes
                .chunks_exact(2)
                .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32_768.0),
        ),
        Encoding::Int { bytes: 3 } => out.extend(bytes.chunks_exact(3).map(|c| {
            let v = i32::from_le_bytes([0, c[0], c[1], c[2]]) >> 8;
            v as f32 / 8_388_608.0
        })),
        Encoding::Int { .. } => out.extend(bytes.chunks_exact(4).map(|c| {
            let v = i32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            (f64::from(v) / 2_147_483_648.0) as f32
        })),
        Encoding::Float32 => {
            for c in bytes.chunks_exact(4) {
                let v = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                let v = check(f64::from(v), out)?;
                out.push(v);
            }
        }
        Encoding::Float64 => {
            for c in bytes.chunks_exact(8) {
                let v = f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
                let v = check(v, out)?;
                out.push(v);
            }
        }
        Encoding::ALaw => out.extend(bytes.iter().map(|&b| f32::from(alaw(b)) / 32_768.0)),
        Encoding::MuLaw => out.extend(bytes.iter().map(|&b| f32::from(mulaw(b)) / 32_768.0)),
    }
    Ok(())
}

/// G.711 a-law byte to a 16-bit linear sample.
fn alaw(byte: u8) -> i16 {
    let a = byte ^ 0x55;
    let exponent = (a >> 4) & 0x07;
    let mantissa = i16::from(a & 0x0F);
    let magnitude = if exponent == 0 {
        (mantissa << 4) + 8
    } else {
        ((mantissa << 4) + 0x108) << (exponent - 1)
    };
    if a & 0x80 != 0 { magnitude } else { -magnitude }
}

/// G.711 µ-law byte to a 16-bit linear sample.
fn mulaw(byte: u8) -> i16 {
    let u = !byte;
    let exponent = (u >> 4) & 0x07;
    let mantissa = i16::from(u & 0x0F);
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if u & 0x80 != 0 { -magnitude } else { magnitude }
}

/// A reader that knows how many bytes it has given out.
struct Counted<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Fills as much of `buf` as the stream has; returns how much that was.
fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn read_exact_or<R: Read>(
    r: &mut R,
    buf: &mut [u8],
    short: impl FnOnce() -> WavProblem,
) -> Result<(), WavProblem> {
    if read_up_to(r, buf)? < buf.len() {
        return Err(short());
    }
    Ok(())
}

fn skip<R: Read>(r: &mut R, n: u64) -> io::Result<()> {
    io::copy(&mut r.take(n), &mut io::sink())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WAV byte stream: RIFF header, a format chunk from its fields, extra chunks, data.
    pub(crate) fn wav_bytes(
        fmt: &[u8],
        extra: &[(&[u8; 4], &[u8])],
        data: &[u8],
        data_size: Option<u32>,
    ) -> Vec<u8> {
        let mut out = b"RIFF\0\0\0\0WAVE".to_vec();
        let mut chunk = |id: &[u8; 4], body: &[u8], size: u32| {
            out.extend_from_slice(id);
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(body);
            if body.len() % 2 == 1 {
                out.push(0);
            }
        };
        chunk(b"fmt ", fmt, fmt.len() as u32);
        for (id, body) in extra {
            chunk(id, body, body.len() as u32);
        }
        chunk(b"data", data, data_size.unwrap_or(data.len() as u32));
        let riff = (out.len() - 8) as u32;
        out[4..8].copy_from_slice(&riff.to_le_bytes());
        out
    }

    pub(crate) fn fmt(tag: u16, channels: u16, rate: u32, bits: u16) -> Vec<u8> {
        let align = channels * bits.div_ceil(8);
        let mut f = Vec::new();
        f.extend_from_slice(&tag.to_le_bytes());
        f.extend_from_slice(&channels.to_le_bytes());
        f.extend_from_slice(&rate.to_le_bytes());
        f.extend_from_slice(&rate.wrapping_mul(u32::from(align)).to_le_bytes());
        f.extend_from_slice(&align.to_le_bytes());
        f.extend_from_slice(&bits.to_le_bytes());
        f
    }

    fn parse(bytes: &[u8]) -> Result<PcmAudio, WavProblem> {
        parse_wav(bytes, bytes.len() as u64, 1800)
    }

    #[test]
    fn float64_is_read() {
        let data: Vec<u8> = [0.5f64, -0.25]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let audio = parse(&wav_bytes(&fmt(3, 1, 8000, 64), &[], &data, None)).unwrap();
        assert_eq!(audio.interleaved, vec![0.5, -0.25]);
    }

    #[test]
    fn g711_expansions_match_the_standard_tables() {
        // Reference points from G.711: µ-law 0x00 is -32124, 0xFF is 0, 0x80 is 32124;
        // a-law 0xD5 is 8, 0x55 is -8, 0xAA is 32256.
        assert_eq!(mulaw(0x00), -32124);
        assert_eq!(mulaw(0xFF), 0);
        assert_eq!(mulaw(0x80), 32124);
        assert_eq!(alaw(0xD5), 8);
        assert_eq!(alaw(0x55), -8);
        assert_eq!(alaw(0xAA), 32256);
    }

    #[test]
    fn an_odd_chunk_is_skipped_with_its_pad_byte() {
        let data: Vec<u8> = [1000i16, -1000]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let bytes = wav_bytes(&fmt(1, 1, 8000, 16), &[(b"note", b"abc")], &data, None);
        let audio = parse(&bytes).unwrap();
        assert_eq!(audio.frames(), 2);
    }

    #[test]
    fn streaming_sizes_mean_to_the_end() {
        let data: Vec<u8> = [1000i16; 10].iter().flat_map(|v| v.to_le_bytes()).collect();
        for size in [0u32, u32::MAX] {
            let bytes = wav_bytes(&fmt(1, 1, 8000, 16), &[], &data, Some(size));
            assert_eq!(parse(&bytes).unwrap().frames(), 10, "data size {size:#x}");
        }
    }

    #[test]
    fn a_header_that_promises_more_than_the_file_holds_is_truncated_without_allocating() {
        let data = vec![0u8; 32_000];
        let bytes = wav_bytes(&fmt(1, 1, 16000, 16), &[], &data, Some(u32::MAX - 1));
        assert!(matches!(parse(&bytes), Err(WavProblem::Truncated { .. })));
    }

    #[test]
    fn rates_and_channels_outside_the_limits_are_refused() {
        let data = vec![0u8; 100];
        for rate in [0u32, 999, 384_001, 4_294_967_291] {
            let bytes = wav_bytes(&fmt(1, 1, rate, 16), &[], &data, None);
            assert!(matches!(parse(&bytes), Err(WavProblem::Rate(_))), "{rate}");
        }
        let bytes = wav_bytes(&fmt(1, 0, 8000, 16), &[], &data, None);
        assert!(matches!(parse(&bytes), Err(WavProblem::Channels(0))));
    }

    #[test]
    fn nan_and_infinity_are_refused_and_big_values_clipped() {
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            let mut samples = vec![0.0f32; 8000];
            samples[4000] = bad;
            let data: Vec<u8> = samples.iter().flat_map(|v| v.to_le_bytes()).collect();
            let err = parse(&wav_bytes(&fmt(3, 1, 8000, 32), &[], &data, None)).unwrap_err();
            match err {
                WavProblem::NonFinite { seconds } => assert!((seconds - 0.5).abs() < 1e-9),
                other => panic!("{other}"),
            }
        }
        let data: Vec<u8> = [1e30f32, -3.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let audio = parse(&wav_bytes(&fmt(3, 1, 8000, 32), &[], &data, None)).unwrap();
        assert_eq!(audio.interleaved, vec![1.0, -1.0]);
    }

    #[test]
    fn extensible_pcm_is_read_and_compressed_formats_are_named() {
        let mut f = fmt(TAG_EXTENSIBLE, 2, 8000, 16);
        f.extend_from_slice(&22u16.to_le_bytes());
        f.extend_from_slice(&16u16.to_le_bytes());
        f.extend_from_slice(&3u32.to_le_bytes());
        f.extend_from_slice(&1u16.to_le_bytes());
        f.extend_from_slice(&[0u8; 14]);
        let data: Vec<u8> = [16384i16, -16384]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let audio = parse(&wav_bytes(&f, &[], &data, None)).unwrap();
        assert_eq!(audio.interleaved, vec![0.5, -0.5]);
        let err = parse(&wav_bytes(&fmt(0x55, 1, 8000, 16), &[], &data, None)).unwrap_err();
        assert!(err.to_string().contains("MP3"), "{err}");
    }
}
