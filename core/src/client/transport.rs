//! The TCP transport under ureq (issue 17; bench/README.md, "Findings").
//!
//! ureq's own TCP transport spends 12 system calls on a message over a kept-alive connection:
//! a socket timeout set before each write and read (the deadline is fresh each time, so the
//! value always changes), the request's head and body in two writes (two segments, and on
//! loopback the receiver's work twice), and a liveness probe of the pooled connection that
//! switches the socket to non-blocking and back around a read, done twice.
//!
//! This one spends 3: a write, a read and a peek. The socket blocks, with its send and receive
//! timeouts set only when they must change: each is kept at or under the time left to the
//! deadline ureq hands the call, and no smaller than half of it, so the messages of one client
//! (with about the same time left each) share one setting, and a wait that outlasts the setting
//! sets it again from the time then left — the deadline is kept exactly. It holds what ureq
//! writes until ureq waits for input (or until [`HOLD_MAX`] bytes wait), so that a request's
//! head and small body leave in one write. Its probe is one non-blocking peek, and the probe
//! ureq makes as it puts a connection back in its pool, right after the answer was read, is
//! answered without one: the probe as the connection is taken out again sees all it would
//! (bytes nobody asked for stay in the socket, a close stays closed).
//!
//! It takes the place of ureq's `TcpConnector` in the same chain (SOCKS and CONNECT proxies
//! before it, rustls after it, which wraps it like any transport).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use rustix::net::{recv, RecvFlags};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle, Transport,
};
use ureq::{Error, Timeout};

/// Output held back waiting for more (a request's head for its body): past this, it is written.
const HOLD_MAX: usize = 64 * 1024;

/// Under this much time left, a socket timeout is set to exactly the time left (above it, to
/// ⅞ of it, so that the next call with a little less time left keeps the setting).
const EXACT_BELOW: Duration = Duration::from_millis(1);

/// Opens plain TCP connections for ureq (see the module's comment).
#[derive(Debug, Default)]
pub(super) struct TimedTcpConnector;

impl<In: Transport> Connector<In> for TimedTcpConnector {
    type Out = Either<In, TimedTcp>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, Error> {
        if chained.is_some() {
            // A SOCKS proxy's connection, opened before this connector in the chain.
            return Ok(chained.map(Either::A));
        }
        let stream = connect(details)?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let buffers = LazyBuffers::new(details.config.input_buffer_size(), details.config.output_buffer_size());
        let transport = TimedTcp::new(stream, buffers);
        let handle: Weak<dyn ShutdownHandle> = Arc::downgrade(&transport.stream) as Weak<dyn ShutdownHandle>;
        (details.register_shutdown)(handle)?;
        Ok(Some(Either::B(transport)))
    }
}

/// Connects to the first address that answers, each address but the last given half of the
/// time left (the last, all of it); the same errors as ureq's own connector.
fn connect(details: &ConnectionDetails) -> Result<TcpStream, Error> {
    let started = Instant::now();
    let budget = details.timeout;
    let total = budget.not_zero().map(|d| *d);
    let addrs: Vec<SocketAddr> = details.addrs.iter().copied().collect();
    let mut last = None;
    for (i, addr) in addrs.iter().enumerate() {
        let attempt = match total {
            None => TcpStream::connect(addr),
            Some(total) => {
                let left = total.saturating_sub(started.elapsed());
                if left.is_zero() {
                    return Err(Error::Timeout(budget.reason));
                }
                let share = if i + 1 < addrs.len() { (left / 2).max(Duration::from_millis(10)) } else { left };
                TcpStream::connect_timeout(addr, share)
            }
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
                if total.is_some_and(|t| started.elapsed() >= t) {
                    return Err(Error::Timeout(budget.reason));
                }
                last = Some(Error::Timeout(Timeout::Connect));
            }
            // This address refused or cannot be reached: the next may do.
            Err(e) if is_address_specific(&e) => last = Some(Error::Io(e)),
            Err(e) => return Err(Error::Io(e)),
        }
    }
    Err(last.unwrap_or_else(|| Error::Io(io::ErrorKind::ConnectionRefused.into())))
}

fn is_address_specific(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        e.kind(),
        K::ConnectionRefused | K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown | K::AddrNotAvailable
    )
}

/// A blocking TCP connection whose calls end by their deadlines (see the module's comment).
pub(super) struct TimedTcp {
    /// Shared (weakly) with the agent's shutdown handle, which shuts the socket down.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// Written by ureq, not yet sent.
    held: Vec<u8>,
    /// When the held output must be sent by, and the reason a timeout then gives.
    held_deadline: Option<Deadline>,
    /// The socket's receive and send timeouts as last set (`None`: none, the socket's default).
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    /// Bytes went either way since the last probe (see `is_open`).
    used_since_probe: bool,
}

#[derive(Clone, Copy)]
struct Deadline {
    at: Option<Instant>,
    reason: Timeout,
}

impl Deadline {
    /// `timeout` from now; a timeout already run out is an error (as ureq's transports do).
    fn after(timeout: NextTimeout) -> Result<Deadline, Error> {
        if timeout.after.is_zero() {
            return Err(Error::Timeout(timeout.reason));
        }
        let at = (!timeout.after.is_not_happening()).then(|| Instant::now() + *timeout.after);
        Ok(Deadline { at, reason: timeout.reason })
    }

    fn earlier(self, other: Deadline) -> Deadline {
        match (self.at, other.at) {
            (Some(a), Some(b)) if b < a => other,
            (None, Some(_)) => other,
            _ => self,
        }
    }

    /// The socket timeout a call may block for now, given the one set (`current`): `Ok(None)`
    /// for no timeout; a deadline already passed is the timeout error.
    fn socket_timeout(self, current: Option<Duration>) -> Result<Option<Duration>, Error> {
        let Some(at) = self.at else { return Ok(None) };
        let left = at.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::Timeout(self.reason));
        }
        Ok(Some(match current {
            Some(set) if set <= left && set >= left / 2 => set,
            _ if left < EXACT_BELOW => left,
            _ => left - left / 8,
        }))
    }
}

/// `TcpStream::set_read_timeout` or `set_write_timeout`.
type SetTimeout = fn(&TcpStream, Option<Duration>) -> io::Result<()>;

/// Which of the socket's two timeouts.
#[derive(Clone, Copy)]
enum Direction {
    Read,
    Write,
}

impl TimedTcp {
    fn new(stream: TcpStream, buffers: LazyBuffers) -> TimedTcp {
        TimedTcp {
            stream: Arc::new(stream),
            buffers,
            held: Vec::new(),
            held_deadline: None,
            read_timeout: None,
            write_timeout: None,
            used_since_probe: false,
        }
    }

    /// Sets the socket's timeout for `direction` for a call that must end by `deadline`, if the
    /// one set does not do.
    fn arm(&mut self, direction: Direction, deadline: Deadline) -> Result<(), Error> {
        let (current, set): (_, SetTimeout) = match direction {
            Direction::Read => (&mut self.read_timeout, TcpStream::set_read_timeout),
            Direction::Write => (&mut self.write_timeout, TcpStream::set_write_timeout),
        };
        let wanted = deadline.socket_timeout(*current)?;
        if wanted != *current {
            set(&self.stream, wanted)?;
            *current = wanted;
        }
        Ok(())
    }

    /// Writes `buffers.output()[..amount]` (`from_output`) or the held bytes whole, each write
    /// bounded by the deadline.
    fn write_all(&mut self, from_output: Option<usize>, deadline: Deadline) -> Result<(), Error> {
        self.used_since_probe = true;
        let len = from_output.unwrap_or(self.held.len());
        let mut done = 0;
        while done < len {
            self.arm(Direction::Write, deadline)?;
            let data = match from_output {
                Some(_) => &self.buffers.output()[done..len],
                None => &self.held[done..],
            };
            let mut stream = &*self.stream;
            match stream.write(data) {
                Ok(0) => return Err(Error::Io(io::ErrorKind::WriteZero.into())),
                Ok(n) => done += n,
                // The socket's timeout ran out (or a signal came): `arm` ends it if the deadline did.
                Err(e) if is_retry(&e) => {}
                Err(e) => return Err(Error::Io(e)),
            }
        }
        Ok(())
    }

    /// Sends what is held.
    fn flush(&mut self) -> Result<(), Error> {
        if let Some(deadline) = self.held_deadline.take() {
            let result = self.write_all(None, deadline);
            self.held.clear();
            result?;
        }
        Ok(())
    }
}

/// A blocking call's error that only says the socket's timeout ran out, or a signal came.
fn is_retry(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted)
}

impl Transport for TimedTcp {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let deadline = Deadline::after(timeout.for_write())?;
        if amount >= HOLD_MAX {
            // A large piece (an upload's body) goes from ureq's buffer without a copy.
            self.flush()?;
            return self.write_all(Some(amount), deadline);
        }
        self.held.extend_from_slice(&self.buffers.output()[..amount]);
        self.held_deadline = Some(self.held_deadline.map_or(deadline, |d| d.earlier(deadline)));
        if self.held.len() >= HOLD_MAX {
            self.flush()?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        // Whatever is held goes before any wait for an answer.
        self.flush()?;
        let deadline = Deadline::after(timeout.for_read())?;
        self.used_since_probe = true;
        loop {
            self.arm(Direction::Read, deadline)?;
            let mut stream = &*self.stream;
            match stream.read(self.buffers.input_append_buf()) {
                Ok(n) => {
                    self.buffers.input_appended(n);
                    return Ok(n > 0);
                }
                Err(e) if is_retry(&e) => {}
                Err(e) => return Err(Error::Io(e)),
            }
        }
    }

    /// Open when nothing waits to be read and the peer has not closed: a peek that would block.
    /// Right after bytes went either way this is the probe ureq makes as it pools the
    /// connection, and the one as it takes it out again sees all it would: answered unasked.
    fn is_open(&mut self) -> bool {
        if std::mem::take(&mut self.used_since_probe) {
            return true;
        }
        let mut byte = [0u8];
        match recv(&*self.stream, &mut byte, RecvFlags::PEEK | RecvFlags::DONTWAIT) {
            Err(e) => e == rustix::io::Errno::AGAIN,
            // Closed (0), or bytes nobody asked for: either way not reusable.
            Ok(_) => false,
        }
    }
}

impl std::fmt::Debug for TimedTcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimedTcp").field("peer", &self.stream.peer_addr().ok()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A `TimedTcp` connected to a plain socket of the test's.
    fn pair() -> (TimedTcp, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (TimedTcp::new(client, LazyBuffers::new(16 * 1024, 16 * 1024)), server)
    }

    fn within(d: Duration) -> NextTimeout {
        NextTimeout { after: d.into(), reason: Timeout::Global, per_read: None, per_write: None }
    }

    fn transmit(t: &mut TimedTcp, data: &[u8]) {
        t.buffers().output()[..data.len()].copy_from_slice(data);
        t.transmit_output(data.len(), within(Duration::from_secs(5))).unwrap();
    }

    /// Bytes readable on `s` now, without waiting.
    fn readable_now(s: &mut TcpStream) -> Vec<u8> {
        s.set_nonblocking(true).unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let n = match s.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
            Err(e) => panic!("{e}"),
        };
        s.set_nonblocking(false).unwrap();
        buf.truncate(n);
        buf
    }

    #[test]
    fn a_head_and_its_body_leave_together_when_the_answer_is_awaited() {
        let (mut t, mut server) = pair();
        transmit(&mut t, b"POST /x HTTP/1.1\r\ncontent-length: 2\r\n\r\n");
        transmit(&mut t, b"{}");
        std::thread::sleep(Duration::from_millis(50));
        assert!(readable_now(&mut server).is_empty(), "nothing is sent before the answer is awaited");
        let answer = std::thread::spawn(move || {
            let mut got = vec![0u8; 1024];
            let n = server.read(&mut got).unwrap();
            got.truncate(n);
            server.write_all(b"HTTP/1.1 200 OK\r\n\r\n").unwrap();
            (got, server)
        });
        assert!(t.await_input(within(Duration::from_secs(5))).unwrap());
        let (got, _server) = answer.join().unwrap();
        assert_eq!(got, b"POST /x HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}", "one read holds the whole request");
        assert_eq!(t.buffers().input(), b"HTTP/1.1 200 OK\r\n\r\n");
    }

    #[test]
    fn output_past_the_hold_limit_is_written_at_once() {
        let (mut t, mut server) = pair();
        let reader = std::thread::spawn(move || {
            let mut all = Vec::new();
            let mut buf = vec![0u8; 64 * 1024];
            while all.len() < 3 * HOLD_MAX {
                let n = server.read(&mut buf).unwrap();
                assert!(n > 0);
                all.extend_from_slice(&buf[..n]);
            }
            all
        });
        // Pieces of ureq's buffer size (16 KiB here) add up past the limit; a large piece
        // goes without being held.
        let piece = vec![b'a'; 16 * 1024];
        for _ in 0..4 {
            transmit(&mut t, &piece);
        }
        assert!(t.held.is_empty(), "held output is written once it reaches the limit");
        let mut big = LazyBuffers::new(16 * 1024, 2 * HOLD_MAX);
        std::mem::swap(&mut t.buffers, &mut big);
        t.buffers().output()[..2 * HOLD_MAX].fill(b'b');
        t.transmit_output(2 * HOLD_MAX, within(Duration::from_secs(5))).unwrap();
        let all = reader.join().unwrap();
        assert_eq!(all.len(), 3 * HOLD_MAX);
        assert!(all[..HOLD_MAX].iter().all(|&b| b == b'a') && all[HOLD_MAX..].iter().all(|&b| b == b'b'));
    }

    #[test]
    fn a_wait_for_an_answer_that_does_not_come_ends_at_the_deadline() {
        let (mut t, _server) = pair();
        transmit(&mut t, b"GET / HTTP/1.1\r\n\r\n");
        let timeout = NextTimeout { reason: Timeout::RecvResponse, ..within(Duration::from_millis(200)) };
        match t.await_input(timeout) {
            Err(Error::Timeout(Timeout::RecvResponse)) => {}
            other => panic!("{other:?}"),
        }
        let spent = NextTimeout { reason: Timeout::SendBody, ..within(Duration::ZERO) };
        assert!(matches!(t.transmit_output(1, spent), Err(Error::Timeout(Timeout::SendBody))));
    }

    #[test]
    fn a_connection_is_reusable_only_while_quiet_and_open() {
        let (mut t, mut server) = pair();
        assert!(t.is_open());
        server.write_all(b"unasked").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(!t.is_open(), "bytes nobody asked for");
        let (mut t, server) = pair();
        drop(server);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!t.is_open(), "closed by the peer");
    }

    #[test]
    fn a_write_to_a_full_socket_waits_and_ends_at_the_deadline() {
        let (mut t, _server) = pair(); // the server never reads: its buffers fill up
        let mut big = LazyBuffers::new(1024, 8 * 1024 * 1024);
        std::mem::swap(&mut t.buffers, &mut big);
        let timeout = NextTimeout { reason: Timeout::SendBody, ..within(Duration::from_millis(300)) };
        match t.transmit_output(8 * 1024 * 1024, timeout) {
            Err(Error::Timeout(Timeout::SendBody)) => {}
            other => panic!("{other:?}"),
        }
    }

    /// One request and its answer over `t`, the server answering `answer`; the server's end back.
    fn exchange(t: &mut TimedTcp, mut server: TcpStream, answer: &'static [u8], timeout: NextTimeout) -> TcpStream {
        transmit(t, b"GET / HTTP/1.1\r\n\r\n");
        let answering = std::thread::spawn(move || {
            let mut got = [0u8; 1024];
            assert!(server.read(&mut got).unwrap() > 0);
            server.write_all(answer).unwrap();
            server
        });
        assert!(t.await_input(timeout).unwrap());
        let server = answering.join().unwrap();
        let n = t.buffers().input().len();
        t.buffers().input_consume(n);
        server
    }

    #[test]
    fn messages_with_about_the_same_time_left_share_one_socket_timeout() {
        let (mut t, server) = pair();
        let server = exchange(&mut t, server, b"HTTP/1.1 200 OK\r\n\r\n", within(Duration::from_secs(5)));
        let first = t.stream.read_timeout().unwrap().expect("a receive timeout is set");
        assert!(first <= Duration::from_secs(5) && first >= Duration::from_millis(2500), "{first:?}");
        exchange(&mut t, server, b"HTTP/1.1 200 OK\r\n\r\n", within(Duration::from_secs(5)));
        assert_eq!(t.stream.read_timeout().unwrap(), Some(first), "not set again");
    }

    #[test]
    fn the_socket_timeout_is_never_past_the_deadline_nor_under_half_the_time_left() {
        let deadline = |left: Duration| Deadline { at: Some(Instant::now() + left), reason: Timeout::Global };
        let ten = Duration::from_secs(10);
        let fresh = deadline(ten).socket_timeout(None).unwrap().unwrap();
        assert!(fresh <= ten && fresh >= ten * 3 / 4, "{fresh:?}");
        assert_eq!(deadline(ten).socket_timeout(Some(fresh)).unwrap(), Some(fresh), "kept");
        let longer = deadline(ten).socket_timeout(Some(ten * 2)).unwrap().unwrap();
        assert!(longer <= ten, "a setting past the deadline is replaced: {longer:?}");
        let short = deadline(ten).socket_timeout(Some(Duration::from_secs(1))).unwrap().unwrap();
        assert!(short >= ten / 2, "a setting under half the time left is replaced: {short:?}");
        let tiny = deadline(Duration::from_micros(500)).socket_timeout(None).unwrap().unwrap();
        assert!(tiny <= Duration::from_micros(500) && tiny > Duration::from_micros(400), "exact: {tiny:?}");
        let none = Deadline { at: None, reason: Timeout::Global };
        assert_eq!(none.socket_timeout(Some(ten)).unwrap(), None, "no deadline, no timeout");
        let past = Deadline { at: Some(Instant::now()), reason: Timeout::RecvBody };
        assert!(matches!(past.socket_timeout(None), Err(Error::Timeout(Timeout::RecvBody))));
    }

    #[test]
    fn a_wait_after_a_longer_one_ends_at_its_own_deadline() {
        let (mut t, server) = pair();
        let _server = exchange(&mut t, server, b"HTTP/1.1 200 OK\r\n\r\n", within(Duration::from_secs(20)));
        transmit(&mut t, b"GET / HTTP/1.1\r\n\r\n");
        let started = Instant::now();
        let timeout = NextTimeout { reason: Timeout::RecvResponse, ..within(Duration::from_millis(200)) };
        assert!(matches!(t.await_input(timeout), Err(Error::Timeout(Timeout::RecvResponse))));
        assert!(started.elapsed() < Duration::from_secs(10), "the earlier, longer setting was not kept");
    }

    #[test]
    fn a_wait_goes_on_past_the_socket_timeout_until_the_deadline() {
        let (mut t, mut server) = pair();
        transmit(&mut t, b"GET / HTTP/1.1\r\n\r\n");
        // The first setting is 1.75 s of the 2 s: the answer comes after it, before the deadline.
        let answering = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1800));
            server.write_all(b"HTTP/1.1 200 OK\r\n\r\n").unwrap();
            server
        });
        assert!(t.await_input(within(Duration::from_secs(2))).unwrap());
        assert_eq!(t.buffers().input(), b"HTTP/1.1 200 OK\r\n\r\n");
        answering.join().unwrap();
    }

    #[test]
    fn the_probe_as_a_connection_is_pooled_is_left_to_the_one_as_it_is_taken() {
        let (mut t, server) = pair();
        // An answer with bytes after it that nobody asked for.
        let mut server = exchange(&mut t, server, b"HTTP/1.1 200 OK\r\n\r\n", within(Duration::from_secs(5)));
        server.write_all(b"unasked").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(t.is_open(), "right after the exchange: answered without a peek");
        assert!(!t.is_open(), "the next probe peeks, and sees the bytes");
    }
}
