//! A reader that stops reading (`rehearse prompts list | head -1`) ends the command quietly.
//!
//! Rule: Rust ignores SIGPIPE, so writing to a closed pipe fails, and `println!` turns that
//! failure into a panic (exit code 101 and a panic message). Setting SIGPIPE back to its
//! default needs `unsafe`, which this crate denies; instead a panic hook recognises the
//! standard library's "failed printing to stdout/stderr" panic caused by a broken pipe and
//! exits with code 0: the reader has all it asked for, and nothing was lost. Every other panic
//! goes to the default hook unchanged. Source: the message format of `std::io::stdio`'s
//! `print_to` ("failed printing to {label}: {error}"), and the OS error text for EPIPE.

/// Installs the hook; call once at start-up.
pub fn install() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if is_broken_pipe_print(message) {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// Whether a panic message is the standard library's report of printing into a closed pipe.
pub fn is_broken_pipe_print(message: &str) -> bool {
    message.starts_with("failed printing to std") && message.contains("os error 32")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_broken_pipe_print_panic_is_recognised() {
        assert!(is_broken_pipe_print(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(!is_broken_pipe_print(
            "failed printing to stdout: No space left on device (os error 28)"
        ));
        assert!(!is_broken_pipe_print("index out of bounds"));
    }
}
