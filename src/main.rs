//! The `epsimo` binary: everything lives in the library.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, with one difference: when memory runs out the program says
/// so in one line and exits 1, instead of the runtime's raw abort (and its core file).
struct Allocator;

fn out_of_memory(size: usize) -> ! {
    let msg = format!("error: out of memory (an allocation of {size} bytes failed)\n");
    // SAFETY: a plain write(2) to stderr and _exit(2): nothing here allocates again.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::_exit(1);
    }
}

// SAFETY: every call is passed to `System` unchanged; only a null result differs.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            out_of_memory(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

fn main() {
    std::process::exit(epsimo::run());
}
