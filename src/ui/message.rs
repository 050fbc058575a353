//! Messages shown to the user: what kind each is, how long it stays, and its colour.
//!
//! Rules:
//! - A message belongs to the screen that raised it and is drawn only there (each screen owns
//!   a [`Messages`]); switching tabs never carries "Saved." along.
//! - Success and information fade by themselves ([`MessageKind::lifetime`]); a warning stays
//!   longer; an error stays until dismissed, because the user has to act on it.
//! - The last [`FADE`] of a message's life fades it out rather than cutting it off.
//! - Raising the same text again restarts it instead of stacking a copy.
//! - Colours come from the theme: errors in `error_fg_color`, warnings in `warn_fg_color`,
//!   success in a green chosen for the dark or light theme, information in the text colour.
//!   A success is never shown in warning orange.

use std::time::{Duration, Instant};

use eframe::egui;

/// How long a fading message takes to disappear at the end of its life.
pub const FADE: Duration = Duration::from_millis(800);

/// What a message tells the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// Something the user did worked ("Settings saved.").
    Success,
    /// Neutral news ("Recovered an unfinished recording.").
    Info,
    /// Worth knowing, nothing broke ("No prompt matches these filters.").
    Warning,
    /// Something failed and needs the user ("Cannot write settings.json: ...").
    Error,
}

impl MessageKind {
    /// How long a message of this kind stays, fade included; `None`: until dismissed.
    pub fn lifetime(self) -> Option<Duration> {
        match self {
            MessageKind::Success => Some(Duration::from_secs(4)),
            MessageKind::Info => Some(Duration::from_secs(6)),
            MessageKind::Warning => Some(Duration::from_secs(10)),
            MessageKind::Error => None,
        }
    }

    /// The theme's colour for this kind.
    pub fn colour(self, visuals: &egui::Visuals) -> egui::Color32 {
        match self {
            MessageKind::Error => visuals.error_fg_color,
            MessageKind::Warning => visuals.warn_fg_color,
            MessageKind::Success if visuals.dark_mode => egui::Color32::from_rgb(120, 200, 130),
            MessageKind::Success => egui::Color32::from_rgb(30, 120, 50),
            MessageKind::Info => visuals.text_color(),
        }
    }
}

/// One message and when it was raised.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub kind: MessageKind,
    pub raised: Instant,
}

impl Message {
    /// 1 while the message is fresh, falling to 0 over its last [`FADE`]; 1 for ever for a
    /// message that stays until dismissed.
    pub fn opacity(&self, now: Instant) -> f32 {
        let Some(life) = self.kind.lifetime() else {
            return 1.0;
        };
        let age = now.saturating_duration_since(self.raised);
        let left = life.saturating_sub(age);
        if left >= FADE {
            1.0
        } else {
            left.as_secs_f32() / FADE.as_secs_f32()
        }
    }

    pub fn expired(&self, now: Instant) -> bool {
        self.kind
            .lifetime()
            .is_some_and(|life| now.saturating_duration_since(self.raised) >= life)
    }
}

/// The messages of one screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Messages {
    list: Vec<Message>,
}

impl Messages {
    /// Raises a message at `now`; the same text raised again restarts the old one.
    pub fn push(&mut self, kind: MessageKind, text: impl Into<String>, now: Instant) {
        let text = text.into();
        self.list.retain(|m| m.text != text);
        self.list.push(Message {
            text,
            kind,
            raised: now,
        });
    }

    /// Raises a message now.
    pub fn say(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.push(kind, text, Instant::now());
    }

    /// Drops the messages whose time is up.
    pub fn expire(&mut self, now: Instant) {
        self.list.retain(|m| !m.expired(now));
    }

    /// Drops messages of `kind` (a successful draw clears "No prompt matches").
    pub fn clear_kind(&mut self, kind: MessageKind) {
        self.list.retain(|m| m.kind != kind);
    }

    /// Drops a message the user dismissed.
    pub fn dismiss(&mut self, index: usize) {
        if index < self.list.len() {
            self.list.remove(index);
        }
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.list.iter()
    }

    /// How long until the next visible change (a fade step or an expiry), so the screen asks
    /// for a repaint then and not on every frame; `None` when nothing will change by itself.
    pub fn next_change(&self, now: Instant) -> Option<Duration> {
        self.list
            .iter()
            .filter_map(|m| {
                let life = m.kind.lifetime()?;
                let left = life.saturating_sub(now.saturating_duration_since(m.raised));
                Some(if left > FADE {
                    left - FADE
                } else {
                    // Fading: about 30 steps a second look smooth.
                    left.min(Duration::from_millis(33))
                })
            })
            .min()
    }
}

/// Draws a screen's messages (each with a dismiss button), dropping the expired ones first.
pub fn messages_ui(ui: &mut egui::Ui, messages: &mut Messages) {
    let now = Instant::now();
    messages.expire(now);
    let mut dismissed = None;
    for (i, message) in messages.iter().enumerate() {
        let colour = message
            .kind
            .colour(ui.visuals())
            .gamma_multiply(message.opacity(now));
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&message.text).color(colour));
            if ui
                .small_button("×")
                .on_hover_text("Dismiss this message")
                .clicked()
            {
                dismissed = Some(i);
            }
        });
    }
    if let Some(i) = dismissed {
        messages.dismiss(i);
    }
    if let Some(after) = messages.next_change(now) {
        ui.ctx().request_repaint_after(after);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_fades_out_and_goes_while_an_error_stays() {
        let t0 = Instant::now();
        let mut messages = Messages::default();
        messages.push(MessageKind::Success, "Settings saved.", t0);
        messages.push(MessageKind::Error, "Cannot write settings.json", t0);
        let success = messages.iter().next().unwrap().clone();
        assert_eq!(success.opacity(t0), 1.0);
        let mid_fade = t0 + Duration::from_secs(4) - FADE / 2;
        assert!((success.opacity(mid_fade) - 0.5).abs() < 0.01);
        messages.expire(t0 + Duration::from_secs(4));
        let left: Vec<_> = messages.iter().map(|m| m.kind).collect();
        assert_eq!(left, [MessageKind::Error]);
        messages.expire(t0 + Duration::from_secs(3600));
        assert_eq!(messages.iter().count(), 1, "an error waits for the user");
        assert_eq!(
            messages
                .iter()
                .next()
                .unwrap()
                .opacity(t0 + Duration::from_secs(3600)),
            1.0
        );
    }

    #[test]
    fn the_same_text_restarts_instead_of_stacking() {
        let t0 = Instant::now();
        let mut messages = Messages::default();
        messages.push(MessageKind::Warning, "No prompt matches", t0);
        let later = t0 + Duration::from_secs(9);
        messages.push(MessageKind::Warning, "No prompt matches", later);
        assert_eq!(messages.iter().count(), 1);
        messages.expire(t0 + Duration::from_secs(12));
        assert_eq!(
            messages.iter().count(),
            1,
            "restarted at 9 s, so alive at 12 s"
        );
        messages.clear_kind(MessageKind::Warning);
        assert!(messages.is_empty());
    }

    #[test]
    fn repaints_are_asked_for_only_when_something_changes() {
        let t0 = Instant::now();
        let mut messages = Messages::default();
        messages.push(MessageKind::Error, "stays", t0);
        assert_eq!(
            messages.next_change(t0),
            None,
            "an error alone never repaints"
        );
        messages.push(MessageKind::Success, "Saved.", t0);
        assert_eq!(
            messages.next_change(t0),
            Some(Duration::from_secs(4) - FADE),
            "nothing changes until the fade starts"
        );
        let fading = t0 + Duration::from_secs(4) - FADE / 2;
        assert!(messages.next_change(fading).unwrap() <= Duration::from_millis(33));
    }

    #[test]
    fn success_is_never_warning_orange_in_either_theme() {
        for visuals in [egui::Visuals::dark(), egui::Visuals::light()] {
            let success = MessageKind::Success.colour(&visuals);
            assert_ne!(success, MessageKind::Warning.colour(&visuals));
            assert_ne!(success, MessageKind::Error.colour(&visuals));
            assert_eq!(MessageKind::Error.colour(&visuals), visuals.error_fg_color);
            // Green dominates, so it reads as success.
            assert!(success.g() > success.r() && success.g() > success.b());
        }
    }
}
