//! A shaped wire for `jirga bench link`, in place of tc netem (this machine's kernel is built
//! without sch_netem): two TUN devices, one left on the host for the server and one moved into the
//! browser's network namespace, and between them this process carries every IP packet as a poor
//! link would: one packet after another at the link's rate, each delayed by the link's one-way
//! delay, a share of them lost at random, and a full queue dropping what comes on top.

use anyhow::{bail, Context, Result};
use rand::{Rng, SeedableRng};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

/// How the wire treats each direction.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    pub delay: Duration,
    pub bits_per_second: f64,
    pub loss: f64,
    /// A packet that would wait longer than this to be sent is dropped (a phone's queue is not
    /// endless either).
    pub queue: Duration,
}

/// Opens (creating) the TUN device `name`: IP packets, one per read or write, no extra header.
pub(super) fn open_tun(name: &str) -> Result<File> {
    if name.len() >= 16 {
        bail!("the device name {name:?} is too long");
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")
        .context("opening /dev/net/tun (the kernel's TUN driver; needs root)")?;
    #[repr(C)]
    struct IfReq {
        name: [u8; 16],
        flags: libc::c_short,
        _rest: [u8; 22],
    }
    let mut req = IfReq { name: [0; 16], flags: (libc::IFF_TUN | libc::IFF_NO_PI) as libc::c_short, _rest: [0; 22] };
    req.name[..name.len()].copy_from_slice(name.as_bytes());
    // _IOW('T', 202, int): attach this descriptor to a new TUN device of that name.
    const TUNSETIFF: libc::c_ulong = 0x4004_54ca;
    // SAFETY: `req` is a live, properly laid out struct ifreq for the length of the call, and the
    // descriptor is open; the kernel reads the name and flags and writes the name back.
    let r = unsafe { libc::ioctl(file.as_raw_fd(), TUNSETIFF, &mut req as *mut IfReq) };
    if r < 0 {
        bail!("creating the TUN device {name}: {}", std::io::Error::last_os_error());
    }
    Ok(file)
}

/// Carries packets read from `from` into `to`, shaped, on two threads of its own, for as long as
/// the process lives. Write failures (the far device taken down) lose the packet, as a dead link does.
pub(super) fn carry(mut from: File, mut to: File, shape: Shape, seed: u64) {
    let (tx, rx) = std::sync::mpsc::channel::<(Instant, Vec<u8>)>();
    std::thread::spawn(move || {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut buf = vec![0u8; 65536];
        // When the link has finished sending what it has taken so far.
        let mut free_at = Instant::now();
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            if rng.gen::<f64>() < shape.loss {
                continue;
            }
            let now = Instant::now();
            let start = free_at.max(now);
            if start - now > shape.queue {
                continue;
            }
            free_at = start + Duration::from_secs_f64(n as f64 * 8.0 / shape.bits_per_second);
            if tx.send((free_at + shape.delay, buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        for (at, packet) in rx {
            std::thread::sleep(at.saturating_duration_since(Instant::now()));
            let _ = to.write_all(&packet);
        }
    });
}
