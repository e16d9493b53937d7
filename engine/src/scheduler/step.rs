//! The cycle step table: which nodes run in this cycle, once each, in rank order.
//!
//! Nodes are laid out in rank order (a topological order), so one dirty bit per node,
//! taken lowest first, runs every scheduled node after all its producers, and a node
//! scheduled twice in one cycle still runs once.
//!
//! Producers mark their consumers themselves, as they tick (see `ts::cell`), so the table
//! is written through a shared reference: its words are `Cell`s. A summary word per 64
//! words says which words may hold bits, so a cycle visits only the words it marked, also
//! in a graph of thousands of nodes.
//!
//! The word being run (word 0 between cycles) is kept apart, in `scan_bits`, at a fixed
//! place. A chain of nodes is a chain through memory (a node marks its consumer, the loop
//! reads the mark to know whom to call next); with the mark's address known before the
//! node's body computes anything, the processor forwards the store to the load. Marks into
//! table words, whose address comes out of the consumer's index, were speculated past and
//! replayed: twice the time per node.

use std::cell::Cell;

/// A dirty bitset over nodes in rank order, with a one-bit-per-word summary and the word
/// being run kept apart.
#[derive(Debug)]
pub(crate) struct StepTable {
    /// The index of the word whose marks go to `scan_bits` instead of `words`.
    scan_word: Cell<u32>,
    /// The marks of word `scan_word`.
    scan_bits: Cell<u64>,
    /// Bit `i & 63` of word `i >> 6`: node `i` is scheduled (except in word `scan_word`).
    words: Box<[Cell<u64>]>,
    /// Bit `w & 63` of summary word `w >> 6`: word `w` may hold set bits.
    summary: Box<[Cell<u64>]>,
    /// Whether any summary bit may be set: most cycles mark only the scan word, and then
    /// finding no other word is one test.
    table_marked: Cell<bool>,
    /// Each node's likely successor in a cycle: its first consumer (or `u32::MAX`).
    successors: Box<[u32]>,
    /// The likely first node of a cycle: the lowest mark of word 0 in the last cycle that
    /// had one (`u32::MAX` before the first).
    first: Cell<u32>,
}

impl StepTable {
    /// A table for `successors.len()` nodes; `successors[i]` is the node that most likely
    /// runs right after node `i` (its first consumer), or `u32::MAX`.
    pub(crate) fn new(mut successors: Vec<u32>) -> Self {
        let words = successors.len().div_ceil(64).max(1);
        successors.resize(words * 64, u32::MAX);
        StepTable {
            scan_word: Cell::new(0),
            scan_bits: Cell::new(0),
            words: (0..words).map(|_| Cell::new(0)).collect(),
            summary: (0..words.div_ceil(64)).map(|_| Cell::new(0)).collect(),
            table_marked: Cell::new(false),
            successors: successors.into(),
            first: Cell::new(u32::MAX),
        }
    }

    /// The number of node indices the table can hold (a multiple of 64): `drain` only
    /// ever runs indices below it.
    pub(crate) fn capacity(&self) -> usize {
        self.words.len() * 64
    }

    /// Schedules node `i` for this cycle (idempotent).
    #[inline]
    pub(crate) fn mark(&self, i: u32) {
        self.mark_word(i >> 6, 1u64 << (i & 63));
    }

    /// The index of the word being run (0 between cycles).
    #[inline(always)]
    pub(crate) fn scan_word(&self) -> u32 {
        self.scan_word.get()
    }

    /// Schedules the nodes of `mask` in the word being run.
    #[inline(always)]
    pub(crate) fn mark_scan_bits(&self, mask: u64) {
        self.scan_bits.set(self.scan_bits.get() | mask);
    }

    /// Schedules the nodes of `mask` in word `w` (the word being run or another). An
    /// index beyond the table (a handle smuggled into another graph's run) schedules
    /// nothing.
    ///
    /// The summary bit is only written when the word goes from empty to marked.
    pub(crate) fn mark_word(&self, w: u32, mask: u64) {
        if w == self.scan_word.get() {
            self.mark_scan_bits(mask);
            return;
        }
        let w = w as usize;
        if let (Some(word), true) = (self.words.get(w), mask != 0) {
            let old = word.get();
            word.set(old | mask);
            if old == 0 {
                // SAFETY: `summary` has one word per 64 words (`new`), and `w` is a word
                // index.
                let s = unsafe { self.summary.get_unchecked(w >> 6) };
                s.set(s.get() | 1u64 << (w & 63));
                self.table_marked.set(true);
            }
        }
    }

    /// Runs `run` on every scheduled node, lowest index first, once each, and returns how
    /// many ran; nodes `run` schedules (always later in rank order) run in the same pass.
    /// Every index is below [`StepTable::capacity`]. Stops at the first error, leaving
    /// marks behind (the caller clears them).
    ///
    /// Which node runs next is read from the marks the previous node just wrote, a load
    /// that waits for that store. So the loop guesses: the previous node's first consumer
    /// (a static table) is called when it is the lowest mark, checked by a branch the
    /// processor predicts, and the call does not wait for the load. The nodes of a word
    /// that already ran are kept in a register (`done`), so a node's mark is the only
    /// write to `scan_bits` while its word runs.
    ///
    /// A cycle's first node is guessed the same way, as the last cycle's first node in
    /// word 0 (a later word's first node is not guessed): its index then does not wait
    /// for the marks the cycle's sources just wrote, and the node's own loads start
    /// early. The guess is checked against the marks bit by bit rather than by computing
    /// the lowest mark's index and comparing: given that comparison, the compiler calls
    /// the node with the computed index, which waits.
    #[inline(always)]
    pub(crate) fn drain<E>(&self, mut run: impl FnMut(u32) -> Result<(), E>) -> Result<u32, E> {
        debug_assert_eq!(self.scan_word.get(), 0, "cycles start at word 0");
        let mut base = 0;
        let mut ran = 0;
        loop {
            let mut done = 0u64;
            let bits = self.scan_bits.get();
            if bits != 0 {
                let mut i = self.first.get();
                if bits & bits.wrapping_neg() != 1u64 << (i & 63) || i & !63 != base {
                    i = unguessed(base | bits.trailing_zeros());
                    if base == 0 {
                        self.first.set(i);
                    }
                }
                loop {
                    done |= 1u64 << (i & 63);
                    run(i)?;
                    ran += 1;
                    // SAFETY: `i` is below `capacity()`, the length of `successors` (`new`).
                    let guess = *unsafe { self.successors.get_unchecked(i as usize) };
                    let bits = self.scan_bits.get() & !done;
                    if bits == 0 {
                        break;
                    }
                    let lowest = base | bits.trailing_zeros();
                    i = if lowest == guess {
                        guess
                    } else {
                        unguessed(lowest)
                    };
                }
            }
            // The next word: every word still marked is a later one, since nodes only
            // schedule nodes after them.
            match self.take_next_word() {
                Some((w, bits)) => {
                    self.scan_word.set(w);
                    self.scan_bits.set(bits);
                    base = w << 6;
                }
                None => break,
            }
        }
        // `scan_word` is back at 0 already (`take_next_word`).
        self.scan_bits.set(0);
        Ok(ran)
    }

    /// Takes the lowest marked table word: its index and its bits, leaving it empty.
    ///
    /// With no word left, the word being run goes back to 0, where cycles start. That is
    /// done here rather than after every drain: the word being run only moves on when a
    /// table word was taken, and then `table_marked` is still set when the last call finds
    /// none left.
    #[inline]
    fn take_next_word(&self) -> Option<(u32, u64)> {
        if !self.table_marked.get() {
            debug_assert_eq!(self.scan_word.get(), 0);
            return None;
        }
        for (k, summary) in self.summary.iter().enumerate() {
            let marked = summary.get();
            if marked != 0 {
                summary.set(marked & (marked - 1));
                let w = (k << 6) | marked.trailing_zeros() as usize;
                // SAFETY: summary bits are only set for word indices (`mark_word`).
                let word = unsafe { self.words.get_unchecked(w) };
                return Some((w as u32, word.replace(0)));
            }
        }
        self.table_marked.set(false);
        self.scan_word.set(0);
        None
    }

    /// Forgets everything scheduled.
    pub(crate) fn clear(&self) {
        self.scan_word.set(0);
        self.scan_bits.set(0);
        self.words.iter().for_each(|w| w.set(0));
        self.summary.iter().for_each(|s| s.set(0));
        self.table_marked.set(false);
    }
}

/// The next node when it is not the guessed one. Out of line, so that the test before it
/// is a branch (predicted) rather than a conditional move (which would wait for the load).
#[cold]
#[inline(never)]
fn unguessed(i: u32) -> u32 {
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(t: &StepTable) -> Vec<u32> {
        let mut out = vec![];
        t.drain(|i| {
            out.push(i);
            Ok::<(), ()>(())
        })
        .unwrap();
        out
    }

    #[test]
    fn marked_nodes_run_once_in_index_order() {
        let t = StepTable::new(vec![u32::MAX; 10_000]);
        for i in [130, 3, 70, 3, 9_999, 0, 4_100] {
            t.mark(i);
        }
        assert_eq!(drain(&t), vec![0, 3, 70, 130, 4_100, 9_999]);
        assert_eq!(drain(&t), Vec::<u32>::new());
    }

    #[test]
    fn nodes_marked_while_draining_run_in_the_same_pass() {
        let t = StepTable::new((1..=300).collect());
        t.mark(1);
        let mut out = vec![];
        t.drain(|i| {
            out.push(i);
            // Each node schedules two later ones, in its own word and in another.
            if i < 250 {
                t.mark(i + 1);
                t.mark(i + 70);
            }
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(out, (1..320).collect::<Vec<u32>>());
    }

    #[test]
    fn the_guess_of_a_cycles_first_node_never_changes_what_runs() {
        let t = StepTable::new(vec![u32::MAX; 200]);
        // The first node of each cycle in turn equal to the last cycle's, lower, higher,
        // in a later word, and with word 0 empty.
        for marks in [
            &[5][..],
            &[5],
            &[3, 5],
            &[5, 63],
            &[0, 130],
            &[70, 130],
            &[70],
            &[0],
            &[64, 65],
            &[0, 64],
        ] {
            marks.iter().for_each(|&i| t.mark(i));
            assert_eq!(drain(&t), marks.to_vec());
        }
    }

    #[test]
    fn an_index_beyond_the_table_schedules_nothing() {
        let t = StepTable::new(vec![u32::MAX; 10]);
        t.mark(64 * 5);
        assert_eq!(drain(&t), Vec::<u32>::new());
    }

    #[test]
    fn after_an_error_clear_forgets_every_mark() {
        let t = StepTable::new((1..=200).collect());
        for i in [1, 2, 100, 150] {
            t.mark(i);
        }
        assert_eq!(t.drain(|i| if i == 2 { Err(i) } else { Ok(()) }), Err(2));
        t.clear();
        assert_eq!(drain(&t), Vec::<u32>::new());
        t.mark(5);
        assert_eq!(drain(&t), vec![5]);
    }
}
