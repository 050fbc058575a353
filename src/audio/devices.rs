//! The microphones the user can pick, and opening one by its id.
//!
//! Rule: never offer or pick a device that only pretends to record. ALSA lists a `null`
//! device that records silence even when there is no sound card (docs/sources.md); such
//! placeholders are dropped from the list and refused as a default, which turns "no sound
//! card" into a clear "No microphone found" instead of a silent recording.

use cpal::traits::{DeviceTrait, HostTrait};

use super::capture::CaptureError;

/// Device names that record nothing real: ALSA's `null` sink/source and its `discard` alias.
const PLACEHOLDER_NAMES: [&str; 2] = ["null", "discard"];

/// A microphone as shown in the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDevice {
    /// Stable id (cpal's `DeviceId` as text), saved in the settings.
    pub id: String,
    /// Name for people.
    pub name: String,
    pub is_default: bool,
}

/// Whether a device name is a placeholder that records silence.
pub fn is_placeholder(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    PLACEHOLDER_NAMES
        .iter()
        .any(|p| name == *p || name.starts_with(&format!("{p}:")))
}

fn device_name(device: &cpal::Device) -> String {
    device
        .description()
        .map(|d| d.name().to_string())
        .unwrap_or_else(|_| device.to_string())
}

fn device_id(device: &cpal::Device) -> String {
    device
        .id()
        .map(|id| id.to_string())
        .unwrap_or_else(|_| device_name(device))
}

/// Whether a device id names a placeholder: cpal ids are `host:name` ("alsa:null").
pub fn is_placeholder_id(id: &str) -> bool {
    is_placeholder(id.split_once(':').map_or(id, |(_, name)| name))
}

fn is_usable(device: &cpal::Device) -> bool {
    !is_placeholder(&device_name(device))
        && !is_placeholder(&device.to_string())
        && !is_placeholder_id(&device_id(device))
        && device.default_input_config().is_ok()
}

/// The usable microphones, default first. An empty list means "No microphone found".
pub fn input_devices() -> Vec<InputDevice> {
    let host = cpal::default_host();
    let default_id = host
        .default_input_device()
        .filter(is_usable)
        .map(|d| device_id(&d));
    let mut list: Vec<InputDevice> = host
        .input_devices()
        .map(|devices| devices.filter(is_usable).collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let id = device_id(d);
            InputDevice {
                is_default: Some(&id) == default_id.as_ref(),
                name: device_name(d),
                id,
            }
        })
        .collect();
    list.sort_by_key(|d| !d.is_default);
    list.dedup_by(|a, b| a.id == b.id);
    list
}

/// Opens the microphone with the given id, or the system default when `id` is `None` or no
/// longer present. Refuses placeholders.
pub(crate) fn open_input(id: Option<&str>) -> Result<cpal::Device, CaptureError> {
    let host = cpal::default_host();
    if let Some(id) = id {
        let found = host
            .input_devices()
            .ok()
            .and_then(|mut devices| devices.find(|d| device_id(d) == id));
        if let Some(device) = found.filter(is_usable) {
            return Ok(device);
        }
    }
    match host.default_input_device() {
        Some(device) if is_usable(&device) => Ok(device),
        _ => {
            // The default is missing or a placeholder: fall back to any real microphone.
            let any = host
                .input_devices()
                .ok()
                .and_then(|mut devices| devices.find(is_usable));
            any.ok_or(CaptureError::NoMicrophone)
        }
    }
}

/// The name of a device for messages.
pub(crate) fn name_of(device: &cpal::Device) -> String {
    device_name(device)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alsa_null_and_discard_are_placeholders() {
        assert!(is_placeholder("null"));
        assert!(is_placeholder("NULL"));
        assert!(is_placeholder("null:CARD=foo"));
        assert!(is_placeholder("discard"));
    }

    #[test]
    fn alsa_null_is_recognised_by_its_id_whatever_its_description() {
        // cpal describes ALSA's null device as "Discard all samples (playback) or generate zero
        // samples (capture)"; only its id gives it away.
        assert!(is_placeholder_id("alsa:null"));
        assert!(!is_placeholder_id("alsa:default"));
        assert!(!is_placeholder_id("alsa:pulse"));
    }

    #[test]
    fn real_device_names_are_not_placeholders() {
        assert!(!is_placeholder("default"));
        assert!(!is_placeholder("pulse"));
        assert!(!is_placeholder("nullable mic"));
        assert!(!is_placeholder("sysdefault:CARD=PCH"));
    }
}
