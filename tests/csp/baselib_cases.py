import csp, typing
from datetime import datetime, timedelta
st = datetime(2020,1,1)
def s(n): return timedelta(seconds=n)
def run(g, end=s(20)):
    out = csp.run(g, starttime=st, endtime=end)
    return {k: [((t-st).total_seconds(), v) for t, v in vs] for k, vs in out.items()}

@csp.graph
def g1():
    # unroll with overlapping lists
    l = csp.curve(typing.List[int], [(s(0), [1,2,3]), (s(0), [4,5]), (s(1), [6]), (s(1), [])])
    csp.add_graph_output("unroll", csp.unroll(l))
    u = csp.unroll(csp.const([1,2,3]))
    csp.add_graph_output("c2_u", u)
    csp.add_graph_output("c2_s", csp.sample(csp.const(True), u))
    csp.add_graph_output("c2_count", csp.count(u))
    x = csp.curve(int, [(s(i), i*i) for i in range(6)])
    csp.add_graph_output("diff_t", csp.diff(x, s(2)))
    csp.add_graph_output("diff_n", csp.diff(x, 2))
    csp.add_graph_output("delay_n", csp.delay(x, 1))
    csp.add_graph_output("delay_t", csp.delay(x, s(1.5)))
    rel = csp.curve(bool, [(s(1), False), (s(2), True), (s(4), False), (s(4.5), True)])
    csp.add_graph_output("gate", csp.gate(x, rel))
    csp.add_graph_output("gate_on_tick", csp.gate(x, rel, release_on_tick=True))
    csp.add_graph_output("first_n", csp.firstN(x, 2))
    csp.add_graph_output("accum", csp.accum(x))
    d = csp.curve(float, [(s(0), 1.0), (s(1), 1.0+1e-13), (s(2), float('nan')), (s(3), float('nan')), (s(4), 2.0)])
    csp.add_graph_output("drop_dups", csp.drop_dups(d))
    csp.add_graph_output("drop_dups_eps", csp.drop_dups(csp.curve(float, [(s(0), 1.0), (s(1), 1.05), (s(2), 1.2)]), eps=0.1))
    flag = csp.curve(bool, [(s(1), True), (s(3), False)])
    sp = csp.split(flag, x)
    csp.add_graph_output("split_t", sp.true)
    csp.add_graph_output("split_f", sp.false)
    a = csp.curve(int, [(s(i), i) for i in range(6)])
    b = csp.curve(int, [(s(i)+timedelta(milliseconds=500), 100+i) for i in range(6)])
    key = csp.curve(str, [(s(0), "a"), (s(2.2), "b"), (s(3), "z"), (s(4), "a")])
    csp.add_graph_output("mux", csp.multiplex({"a": a, "b": b}, key))
    csp.add_graph_output("mux_idx", csp.multiplex({"a": a, "b": b}, key, tick_on_index=True))
    dm = csp.demultiplex(x, key, ["a", "b"])
    csp.add_graph_output("demux_a", dm["a"])
    csp.add_graph_output("demux_b", dm["b"])
    csp.add_graph_output("flatten", csp.flatten([a, csp.curve(int, [(s(0), 50), (s(2), 52)])]))
    csp.add_graph_output("default0", csp.default(csp.const(123), 456))
    csp.add_graph_output("default1", csp.default(csp.const(123, delay=s(1)), 456))
    csp.add_graph_output("default05", csp.default(csp.const(123, delay=s(1)), 456, delay=s(0.5)))
    csp.add_graph_output("default2", csp.default(csp.const(123, delay=s(1)), 456, delay=s(2)))
for k, v in run(g1, s(10)).items():
    print(k, v)
