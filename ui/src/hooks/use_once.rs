//! The one way a button that creates something runs its request: at most one request
//! in flight (a second click while it runs does nothing, and the button shows itself
//! busy), and the same form sent again after it succeeded answers what the first send
//! made instead of making it twice. "The same form" is a key the caller derives from
//! what it would send (its `Debug` text): change a field and it is a new request.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// What a click may do now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate<T> {
    /// Send the request.
    Run,
    /// One is in flight: ignore the click.
    Busy,
    /// This very request already succeeded: its answer, again.
    Done(T),
}

/// The state behind [`use_once`], kept apart from Yew so it can be tested.
#[derive(Debug)]
pub struct OnceGate<T> {
    in_flight: bool,
    done: Option<(String, T)>,
}

impl<T> Default for OnceGate<T> {
    fn default() -> Self {
        OnceGate {
            in_flight: false,
            done: None,
        }
    }
}

impl<T: Clone> OnceGate<T> {
    /// A click on the request `key`: run it, ignore it, or answer the earlier result.
    pub fn begin(&mut self, key: &str) -> Gate<T> {
        if self.in_flight {
            return Gate::Busy;
        }
        if let Some((k, v)) = &self.done {
            if k == key {
                return Gate::Done(v.clone());
            }
        }
        self.in_flight = true;
        Gate::Run
    }

    /// The request `key` answered; a success is remembered, a failure may be retried.
    pub fn finish<E>(&mut self, key: String, answer: &Result<T, E>) {
        self.in_flight = false;
        if let Ok(v) = answer {
            self.done = Some((key, v.clone()));
        }
    }

    pub fn busy(&self) -> bool {
        self.in_flight
    }
}

/// A handle on one form's creating button.
#[derive(Clone)]
pub struct OnceHandle<T: 'static> {
    gate: Rc<RefCell<OnceGate<T>>>,
    busy: UseStateHandle<bool>,
}

impl<T: Clone + 'static> OnceHandle<T> {
    /// Whether a request is in flight (draw the button disabled).
    pub fn busy(&self) -> bool {
        *self.busy
    }

    /// Run `request` for the form `key` unless one is in flight; `then` gets its
    /// answer (or the earlier answer to the same form).
    pub fn run<E, F>(&self, key: String, request: F, then: impl FnOnce(Result<T, E>) + 'static)
    where
        E: 'static,
        F: Future<Output = Result<T, E>> + 'static,
    {
        let gate_now = self.gate.borrow_mut().begin(&key);
        match gate_now {
            Gate::Busy => {}
            Gate::Done(v) => then(Ok(v)),
            Gate::Run => {
                self.busy.set(true);
                let (gate, busy) = (self.gate.clone(), self.busy.clone());
                spawn_local(async move {
                    let answer = request.await;
                    gate.borrow_mut().finish(key, &answer);
                    busy.set(false);
                    then(answer);
                });
            }
        }
    }
}

/// One creating button's gate, kept for the life of the form.
#[hook]
pub fn use_once<T: Clone + 'static>() -> OnceHandle<T> {
    let gate = use_mut_ref(OnceGate::<T>::default);
    let busy = use_state(|| false);
    OnceHandle { gate, busy }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_click_while_in_flight_is_ignored() {
        let mut g = OnceGate::<u32>::default();
        assert_eq!(g.begin("giao 1"), Gate::Run);
        assert_eq!(g.begin("giao 1"), Gate::Busy);
        assert!(g.busy());
        g.finish::<()>("giao 1".into(), &Ok(7));
        assert!(!g.busy());
    }

    #[test]
    fn the_same_form_sent_again_answers_the_first_result() {
        let mut g = OnceGate::<u32>::default();
        assert_eq!(g.begin("giao 1"), Gate::Run);
        g.finish::<()>("giao 1".into(), &Ok(7));
        assert_eq!(g.begin("giao 1"), Gate::Done(7));
        // A changed form is a new request.
        assert_eq!(g.begin("giao 2"), Gate::Run);
    }

    #[test]
    fn a_failure_may_be_retried() {
        let mut g = OnceGate::<u32>::default();
        assert_eq!(g.begin("k"), Gate::Run);
        g.finish("k".into(), &Err("mất mạng"));
        assert_eq!(g.begin("k"), Gate::Run);
    }
}
