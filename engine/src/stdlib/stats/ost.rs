//! An order-statistic multiset of `f64`: insert, remove one copy, the k-th smallest and the
//! number of values below a bound, each O(log n) expected.
//!
//! Up to [`SMALL`] values it is a sorted `Vec` (binary search, then a move of at most a
//! few kilobytes: faster than any tree at that size, the common case of rolling windows);
//! past that it becomes a treap for good (until cleared).
//!
//! A treap (a binary search tree whose nodes also form a heap on random priorities), updated
//! by rotations, with
//! subtree sizes, its nodes in one arena `Vec` with a free list: once the window has been
//! at its largest, inserting and removing allocate nothing. NaN is never stored (the
//! statistics node keeps NaNs out); values compare with `<` and `==`.

const NIL: u32 = u32::MAX;

/// The size up to which the sorted `Vec` is used.
const SMALL: usize = 512;

#[derive(Clone, Copy)]
struct TreapNode {
    value: f64,
    priority: u32,
    size: u32,
    left: u32,
    right: u32,
}

/// The multiset.
#[derive(Clone)]
pub struct OrderStat {
    /// The values while there are at most `SMALL`, sorted; empty once `tree` is set.
    small: Vec<f64>,
    /// Whether the treap holds the values.
    tree: bool,
    nodes: Vec<TreapNode>,
    free: Vec<u32>,
    root: u32,
    rng: u32,
}

impl Default for OrderStat {
    fn default() -> Self {
        OrderStat {
            small: Vec::new(),
            tree: false,
            nodes: Vec::new(),
            free: Vec::new(),
            root: NIL,
            rng: 0x9E37_79B9,
        }
    }
}

impl OrderStat {
    /// A multiset that will hold at most `capacity` values (a tick window's size): the
    /// memory is reserved now, so a tick window allocates nothing per tick.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut s = OrderStat::default();
        s.small.reserve(capacity.min(SMALL));
        if capacity > SMALL {
            s.nodes.reserve(capacity);
            s.free.reserve(capacity);
        }
        s
    }

    /// How many values are stored.
    pub fn len(&self) -> usize {
        if self.tree {
            self.size(self.root) as usize
        } else {
            self.small.len()
        }
    }

    /// Forgets every value (keeping the memory).
    pub fn clear(&mut self) {
        self.small.clear();
        self.tree = false;
        self.nodes.clear();
        self.free.clear();
        self.root = NIL;
    }

    #[inline]
    fn size(&self, t: u32) -> u32 {
        if t == NIL {
            0
        } else {
            self.nodes[t as usize].size
        }
    }

    #[inline]
    fn update(&mut self, t: u32) {
        let n = self.nodes[t as usize];
        self.nodes[t as usize].size = 1 + self.size(n.left) + self.size(n.right);
    }

    /// Rotates `t`'s left child up; returns the new subtree root.
    fn rotate_right(&mut self, t: u32) -> u32 {
        let l = self.nodes[t as usize].left;
        self.nodes[t as usize].left = self.nodes[l as usize].right;
        self.nodes[l as usize].right = t;
        self.nodes[l as usize].size = self.nodes[t as usize].size;
        self.update(t);
        l
    }

    /// Rotates `t`'s right child up; returns the new subtree root.
    fn rotate_left(&mut self, t: u32) -> u32 {
        let r = self.nodes[t as usize].right;
        self.nodes[t as usize].right = self.nodes[r as usize].left;
        self.nodes[r as usize].left = t;
        self.nodes[r as usize].size = self.nodes[t as usize].size;
        self.update(t);
        r
    }

    fn next_priority(&mut self) -> u32 {
        // xorshift32: priorities need only be well spread, not unpredictable.
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.rng = x;
        x
    }

    /// Inserts node `id` (value `v`) under `t`: one descent, then rotations back up while
    /// the new node's priority is the higher (expected O(1) of them).
    fn insert_at(&mut self, t: u32, id: u32, v: f64) -> u32 {
        if t == NIL {
            return id;
        }
        self.nodes[t as usize].size += 1;
        if v < self.nodes[t as usize].value {
            let l = self.insert_at(self.nodes[t as usize].left, id, v);
            self.nodes[t as usize].left = l;
            if self.nodes[l as usize].priority > self.nodes[t as usize].priority {
                return self.rotate_right(t);
            }
        } else {
            let r = self.insert_at(self.nodes[t as usize].right, id, v);
            self.nodes[t as usize].right = r;
            if self.nodes[r as usize].priority > self.nodes[t as usize].priority {
                return self.rotate_left(t);
            }
        }
        t
    }

    /// Removes one node of value `v` (known to be present) under `t`.
    fn remove_at(&mut self, t: u32, v: f64) -> u32 {
        let n = self.nodes[t as usize];
        if v < n.value {
            self.nodes[t as usize].size -= 1;
            let l = self.remove_at(n.left, v);
            self.nodes[t as usize].left = l;
            t
        } else if v > n.value {
            self.nodes[t as usize].size -= 1;
            let r = self.remove_at(n.right, v);
            self.nodes[t as usize].right = r;
            t
        } else if n.left == NIL || n.right == NIL {
            // The node itself, with at most one child: the child takes its place.
            self.free.push(t);
            if n.left == NIL { n.right } else { n.left }
        } else {
            // Rotate the higher-priority child up, then remove `t` below it.
            let left_up =
                self.nodes[n.left as usize].priority > self.nodes[n.right as usize].priority;
            let top = if left_up {
                self.rotate_right(t)
            } else {
                self.rotate_left(t)
            };
            self.nodes[top as usize].size -= 1;
            if left_up {
                let r = self.remove_at(self.nodes[top as usize].right, v);
                self.nodes[top as usize].right = r;
            } else {
                let l = self.remove_at(self.nodes[top as usize].left, v);
                self.nodes[top as usize].left = l;
            }
            top
        }
    }

    /// Adds one copy of `v`.
    pub fn insert(&mut self, v: f64) {
        if !self.tree {
            if self.small.len() < SMALL {
                let i = self.small.partition_point(|&y| y <= v);
                self.small.insert(i, v);
                return;
            }
            // Too big for the Vec: move its values into the treap.
            self.tree = true;
            let values = std::mem::take(&mut self.small);
            for &y in &values {
                self.insert_node(y);
            }
        }
        self.insert_node(v);
    }

    fn insert_node(&mut self, v: f64) {
        let node = TreapNode {
            value: v,
            priority: self.next_priority(),
            size: 1,
            left: NIL,
            right: NIL,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.nodes[id as usize] = node;
                id
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        };
        self.root = self.insert_at(self.root, id, v);
    }

    /// Removes one copy of `v`; returns whether there was one.
    pub fn remove(&mut self, v: f64) -> bool {
        if !self.tree {
            let i = self.small.partition_point(|&y| y < v);
            if self.small.get(i) == Some(&v) {
                self.small.remove(i);
                return true;
            }
            return false;
        }
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t as usize];
            if v < n.value {
                t = n.left;
            } else if v > n.value {
                t = n.right;
            } else {
                self.root = self.remove_at(self.root, v);
                return true;
            }
        }
        false
    }

    /// The `k`-th smallest value (0-based); `None` past the end.
    pub fn nth(&self, mut k: usize) -> Option<f64> {
        if !self.tree {
            return self.small.get(k).copied();
        }
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t as usize];
            let left = self.size(n.left) as usize;
            if k < left {
                t = n.left;
            } else if k == left {
                return Some(n.value);
            } else {
                k -= left + 1;
                t = n.right;
            }
        }
        None
    }

    /// The number of values `< v` (or `<= v` with `inclusive`).
    pub fn count_below(&self, v: f64, inclusive: bool) -> usize {
        if !self.tree {
            return if inclusive {
                self.small.partition_point(|&y| y <= v)
            } else {
                self.small.partition_point(|&y| y < v)
            };
        }
        let mut t = self.root;
        let mut count = 0;
        while t != NIL {
            let n = &self.nodes[t as usize];
            let before = if inclusive { n.value <= v } else { n.value < v };
            if before {
                count += self.size(n.left) as usize + 1;
                t = n.right;
            } else {
                t = n.left;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::{OrderStat, SMALL};

    /// The naive reference: a sorted `Vec`.
    #[test]
    fn matches_a_sorted_vec() {
        let mut ost = OrderStat::default();
        let mut naive: Vec<f64> = Vec::new();
        let mut seed = 12345u64;
        for step in 0..15000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = ((seed >> 33) % 50) as f64 / 2.0;
            // Grow past SMALL (the treap) in the middle third of the run, stay small else.
            let cap = if (5000..10000).contains(&step) {
                2 * SMALL
            } else {
                40
            };
            if naive.len() > cap || (step % 3 == 0 && !naive.is_empty() && naive.len() > 30) {
                let i = (seed >> 20) as usize % naive.len();
                let x = naive.remove(i);
                assert!(ost.remove(x));
            } else {
                let i = naive.partition_point(|&y| y <= v);
                naive.insert(i, v);
                ost.insert(v);
            }
            assert_eq!(ost.len(), naive.len());
            for k in [
                0,
                naive.len() / 3,
                naive.len() / 2,
                naive.len().saturating_sub(1),
            ] {
                assert_eq!(ost.nth(k), naive.get(k).copied());
            }
            assert_eq!(
                ost.count_below(v, false),
                naive.iter().filter(|&&y| y < v).count()
            );
            assert_eq!(
                ost.count_below(v, true),
                naive.iter().filter(|&&y| y <= v).count()
            );
        }
        assert!(!ost.remove(1000.0));
    }
}
