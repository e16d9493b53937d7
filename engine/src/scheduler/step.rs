//! The cycle step table: which nodes run in this cycle, once each, in rank order.
//!
//! Nodes are laid out in rank order (a topological order), so one dirty bit per node,
//! scanned upward, runs every scheduled node after all its producers, and a node scheduled
//! twice in one cycle still runs once.

/// A dirty bitset over nodes in rank order.
#[derive(Debug, Default)]
pub(crate) struct StepTable {
    words: Vec<u64>,
    /// Lowest word that may hold a set bit.
    lo: usize,
    /// Highest word that may hold a set bit.
    hi: usize,
}

impl StepTable {
    pub(crate) fn new(nodes: usize) -> Self {
        StepTable {
            words: vec![0; nodes.div_ceil(64).max(1)],
            lo: usize::MAX,
            hi: 0,
        }
    }

    /// Schedules node `i` for this cycle (idempotent).
    ///
    /// # Safety
    /// `i` is below the node count the table was made for (the engine only marks consumer
    /// indices it validated when it was built).
    #[inline(always)]
    pub(crate) unsafe fn mark(&mut self, i: u32) {
        let w = (i >> 6) as usize;
        debug_assert!(w < self.words.len(), "node index within the step table");
        // SAFETY: the caller's contract.
        *unsafe { self.words.get_unchecked_mut(w) } |= 1u64 << (i & 63);
        if w < self.lo {
            self.lo = w;
        }
        if w > self.hi {
            self.hi = w;
        }
    }

    /// The first word that may hold a set bit; `usize::MAX` when nothing is scheduled.
    ///
    /// A cycle scans words `first_word()..=last_word()` upward, re-reading `last_word` as it
    /// goes, takes each word with `take_word`, then calls `finish`. While word `w` is being
    /// scanned the caller keeps its bits in a register and ORs the consumers it schedules
    /// in word `w` into them; `mark` is only for other words (always higher ones, since
    /// consumers come after producers in rank order).
    #[inline(always)]
    pub(crate) fn first_word(&self) -> usize {
        self.lo
    }

    /// The last word that may hold a set bit (it grows while a cycle runs).
    #[inline(always)]
    pub(crate) fn last_word(&self) -> usize {
        self.hi
    }

    /// Takes the bits set in word `w`, leaving it empty.
    #[inline(always)]
    pub(crate) fn take_word(&mut self, w: usize) -> u64 {
        std::mem::take(&mut self.words[w])
    }

    /// Ends a cycle's scan: every word was taken, so the table is empty again.
    #[inline(always)]
    pub(crate) fn finish(&mut self) {
        self.lo = usize::MAX;
        self.hi = 0;
    }

    /// Forgets everything scheduled (after an error).
    pub(crate) fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
        self.lo = usize::MAX;
        self.hi = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(t: &mut StepTable) -> Vec<u32> {
        let mut out = vec![];
        let mut w = t.first_word();
        while w <= t.last_word() {
            let mut bits = t.take_word(w);
            while bits != 0 {
                out.push((w * 64) as u32 + bits.trailing_zeros());
                bits &= bits - 1;
            }
            w += 1;
        }
        t.finish();
        out
    }

    #[test]
    fn marked_nodes_run_once_in_index_order() {
        let mut t = StepTable::new(200);
        for i in [130, 3, 70, 3, 199, 0] {
            // SAFETY: all below the 200 nodes the table was made for.
            unsafe { t.mark(i) };
        }
        assert_eq!(drain(&mut t), vec![0, 3, 70, 130, 199]);
        assert_eq!(drain(&mut t), Vec::<u32>::new());
    }
}
