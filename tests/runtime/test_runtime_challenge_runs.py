"""Self-paced runs through the room runtime, in process (real Redis, a hand-moved clock):
the run's steps, its deadline in Redis closed once by any node, its results into the outbox
once, attempts, resuming, the audience and the challenge's closing."""

from __future__ import annotations

import asyncio
import json

import pytest

from games.errors import RuleViolation
from server.rooms.loaded import SignedIn
from server.store.runs import run_member
from server.timers import Ticker
from tests.runtime.challenge_support import (
    LIMIT_MS,
    answer,
    join,
    move,
    open_challenge,
    run_entries,
)
from tests.server.inproc import Cluster

ANN = SignedIn("a_ann", "Ann", "ann@example.com", member=True)


async def test_a_run_from_join_to_results_in_the_outbox(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=2)
    gid, pid, ack = await join(node, created.pin, {"nickname": "Ann"})
    assert ack["state"]["mode"] == "challenge" and ack["state"]["phase"] == "open"
    assert ack["run"]["status"] == "ready" and ack["run"]["attempt"] == 1

    shown = await move(node, gid, pid, "next")
    assert shown["status"] == "question" and shown["question"] == 0
    assert shown["view"]["prompt"] == "Q0" and shown["view"]["choices"] == ["right", "wrong"]
    assert shown["deadline_ms"] == cluster.clock.now + LIMIT_MS
    assert shown["server_ms"] == cluster.clock.now
    raw = json.dumps(shown)
    assert "correct_answer" not in raw and "because" not in raw and '"correct": [' not in raw
    assert await move(node, gid, pid, "next") == shown  # repeated: the same view
    assert await cluster.store.run_timer_of(gid, pid) == shown["deadline_ms"]

    cluster.clock.now += 1000
    revealed = await answer(node, gid, pid, 0)
    assert revealed["status"] == "reveal" and revealed["score"] > 0
    assert revealed["result"]["correct"] is True and revealed["result"]["correct_answer"] == 0
    assert revealed["result"]["explanation"] == "because 0" and revealed["rank"] == 1
    assert await cluster.store.run_timer_of(gid, pid) is None  # answered: no deadline left
    with pytest.raises(RuleViolation) as again:
        await answer(node, gid, pid, 0)
    assert again.value.code == "already_answered"

    await move(node, gid, pid, "next")
    cluster.clock.now += 2000
    last = await answer(node, gid, pid, 1, 1)
    assert last["status"] == "reveal" and last["result"]["correct"] is False
    assert last["streak"] == 0 and last["correct"] == 1 and last["answered"] == 2
    (run,) = run_entries(await cluster.store.outbox_entries(10))
    assert run.game_id == gid and run.challenge_id == "c_1" and run.player_id == pid
    assert run.player.nickname == "Ann" and run.player.score == revealed["score"]
    assert [a.question for a in run.answers] == [0, 1] and run.attempt == 1
    assert run.player.player_id != pid  # the run's own id, new per attempt
    assert (await move(node, gid, pid, "next"))["status"] == "done"
    with pytest.raises(RuleViolation) as used:
        await move(node, gid, pid, "again")
    assert used.value.code == "no_attempts_left"
    assert await node.live.challenges.summary(gid) == {"players": 1, "running": 0, "finished": 1}


async def test_the_phone_never_decides_time(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=1)
    gid, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    shown = await move(node, gid, pid, "next")
    cluster.clock.now = shown["deadline_ms"] + 1
    with pytest.raises(RuleViolation) as late:
        await answer(node, gid, pid, 0)
    assert late.value.code == "question_closed"
    # The run timer closes it (no answer): the reveal goes to the player's sockets.
    assert await Ticker(node.live, 100).tick() == 1
    (sent,) = [m for m in node.fanout.bus if m["t"] == "run"]
    assert sent["p"] == pid and sent["v"]["status"] == "reveal"
    assert sent["v"]["result"]["answered"] is False and sent["v"]["score"] == 0
    assert len(run_entries(await cluster.store.outbox_entries(10))) == 1  # the last question


async def test_two_nodes_racing_on_a_due_run_close_it_once(cluster: Cluster) -> None:
    one, two = cluster.node(), cluster.node()
    created = await open_challenge(one, cluster.clock.now, questions=1)
    gid, pid, _ = await join(one, created.pin, {"nickname": "Ann"})
    shown = await move(one, gid, pid, "next")
    cluster.clock.now = shown["deadline_ms"] + 5
    lease = cluster.clock.now + 3000
    member = run_member(gid, pid)
    # Both act on the same due run at once (as if both had claimed it).
    await asyncio.gather(
        one.live.challenges.flow.on_timer(member, lease),
        two.live.challenges.flow.on_timer(member, lease),
    )
    sent = [m for f in (one.fanout, two.fanout) for m in f.bus if m["t"] == "run"]
    assert len(sent) == 1
    run = await cluster.store.run(gid, pid)
    assert run is not None and run["step"] == "3" and run["ended"] == "1"
    assert len(run_entries(await cluster.store.outbox_entries(10))) == 1


async def test_a_deadline_due_while_no_node_ran_is_honoured_at_start(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=2)
    gid, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    shown = await move(node, gid, pid, "next")
    # No ticker ran while it fell due; a node starting later finds it in Redis.
    cluster.clock.now = shown["deadline_ms"] + 60_000
    starting = cluster.node()
    ticker = Ticker(starting.live, 100)
    assert await ticker.tick() == 1
    assert await ticker.tick() == 0  # closed once: nothing due any more
    run = await cluster.store.run(gid, pid)
    assert run is not None and run["status"] == "reveal" and run["step"] == "3"
    assert len([m for m in starting.fanout.bus if m["t"] == "run"]) == 1
    assert await cluster.store.run_timer_of(gid, pid) is None


async def test_a_dropped_player_resumes_on_another_device_and_node(cluster: Cluster) -> None:
    one, two = cluster.node(), cluster.node()
    created = await open_challenge(one, cluster.clock.now, questions=3)
    gid, pid, ack = await join(one, created.pin, {"nickname": "Ann"})
    await move(one, gid, pid, "next")
    await answer(one, gid, pid, 0)
    shown = await move(one, gid, pid, "next")
    cluster.clock.now += 5000
    # Its token on another node: the same question, the same deadline still running.
    _, again, back = await join(two, created.pin, {"token": ack["token"]})
    assert again == pid and back["run"]["status"] == "question"
    assert back["run"]["question"] == 1 and back["run"]["deadline_ms"] == shown["deadline_ms"]
    assert back["run"]["server_ms"] == cluster.clock.now
    assert (await move(two, gid, pid, "state")) == back["run"]


async def test_a_member_resumes_signed_in_on_another_device(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=2, audience="members")
    gid, pid, _ = await join(node, created.pin, {"account_token": "login"}, ANN)
    shown = await move(node, gid, pid, "next")
    _, same, back = await join(node, created.pin, {"account_token": "login"}, ANN)
    assert same == pid and back["run"]["deadline_ms"] == shown["deadline_ms"]
    assert back["run"]["status"] == "question" and back["run"]["question"] == 0


async def test_attempts_allow_a_new_run_after_the_last(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=1, attempts=2)
    gid, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    assert (await move(node, gid, pid, "again"))["attempt"] == 1  # not over: the same run
    await move(node, gid, pid, "next")
    await answer(node, gid, pid, 0)
    second = await move(node, gid, pid, "again")
    assert second["status"] == "ready" and second["attempt"] == 2 and second["score"] == 0
    await move(node, gid, pid, "next")
    await answer(node, gid, pid, 0, 1)
    runs = run_entries(await cluster.store.outbox_entries(10))
    assert sorted(r.attempt for r in runs) == [1, 2]
    assert len({r.player.player_id for r in runs}) == 2
    with pytest.raises(RuleViolation) as used:
        await move(node, gid, pid, "again")
    assert used.value.code == "no_attempts_left"


async def test_the_audience_and_the_opening_times_at_join(cluster: Cluster) -> None:
    node = cluster.node()
    now = cluster.clock.now
    members = await open_challenge(node, now, audience="members")
    with pytest.raises(RuleViolation) as refused:
        await join(node, members.pin, {"nickname": "Guest"})
    assert refused.value.code == "not_invited"
    outsider = SignedIn("a_out", "Out", "out@example.com", member=False)
    with pytest.raises(RuleViolation) as refused:
        await join(node, members.pin, {"account_token": "login"}, outsider)
    assert refused.value.code == "not_invited"

    teams_doc = {
        "teams": {"mode": "choose", "source": "workspace", "names": ["Red", "Blue"],
                  "ids": ["t_red", "t_blue"]},
    }  # fmt: skip
    teams = await open_challenge(
        node, now, audience="teams", team_ids=("t_red",), settings=teams_doc,
        fixed_teams={"a:a_ann": "Red", "a:a_bob": "Blue"},
    )  # fmt: skip
    bob = SignedIn("a_bob", "Bob", "bob@example.com", member=True)
    with pytest.raises(RuleViolation) as other_team:
        await join(node, teams.pin, {"account_token": "login"}, bob)
    assert other_team.value.code == "not_invited"
    gid, pid, ann = await join(node, teams.pin, {"account_token": "login"}, ANN)
    assert ann["player"]["team"] == "Red" and ann["run"]["status"] == "ready"
    for q in range(3):
        await move(node, gid, pid, "next")
        await answer(node, gid, pid, q)
    (run,) = run_entries(await cluster.store.outbox_entries(10))
    assert run.player.team == "Red" and run.team_id == "t_red"
    assert run.player.account_id == "a_ann" and run.player.correct == 3
    # Without team settings, the roster may name the team ids themselves.
    by_id = await open_challenge(
        node, now, audience="teams", team_ids=("t_red",),
        fixed_teams={"a:a_ann": "t_red", "a:a_bob": "t_blue"},
    )  # fmt: skip
    with pytest.raises(RuleViolation) as other_team:
        await join(node, by_id.pin, {"account_token": "login"}, bob)
    assert other_team.value.code == "not_invited"
    assert (await join(node, by_id.pin, {"account_token": "login"}, ANN))[2]["run"]

    later = await open_challenge(node, now, opens_in_ms=60_000)
    with pytest.raises(RuleViolation) as early:
        await join(node, later.pin, {"nickname": "Ann"})
    assert early.value.code == "challenge_not_open"
    short = await open_challenge(node, now, closes_in_ms=60_000)
    cluster.clock.now += 60_000
    with pytest.raises(RuleViolation) as late:
        await join(node, short.pin, {"nickname": "Ann"})
    assert late.value.code == "challenge_closed"


async def test_closing_ends_the_runs_once(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=3, closes_in_ms=600_000)
    gid = created.id
    _, idle, _ = await join(node, created.pin, {"nickname": "Idle"})  # never started
    _, between, _ = await join(node, created.pin, {"nickname": "Between"})
    _, asking, _ = await join(node, created.pin, {"nickname": "Asking"})
    await move(node, gid, between, "next")
    await answer(node, gid, between, 0)
    shown = await move(node, gid, asking, "next")

    await node.live.challenges.close(gid)
    await node.live.challenges.close(gid)  # idempotent
    state = await node.live.current_state(gid, play=True)
    assert state["phase"] == "closed"
    ended = run_entries(await cluster.store.outbox_entries(10))
    assert [r.player_id for r in ended] == [between]  # the idle run has nothing to push
    assert (await move(node, gid, between, "next"))["status"] == "done"
    assert (await move(node, gid, idle, "state"))["status"] == "done"
    # The run in a question may finish it, then ends.
    cluster.clock.now += 1000
    revealed = await answer(node, gid, asking, 0)
    assert revealed["status"] == "reveal"
    assert sorted(r.player_id for r in run_entries(await cluster.store.outbox_entries(10))) == (
        sorted([between, asking])
    )
    assert (await move(node, gid, asking, "next"))["status"] == "done"
    assert shown["deadline_ms"] > cluster.clock.now
    with pytest.raises(RuleViolation) as closed:
        await join(node, created.pin, {"nickname": "Late"})
    assert closed.value.code == "challenge_closed"
    assert await node.live.challenges.summary(gid) == {"players": 3, "running": 0, "finished": 2}


async def test_the_game_timer_closes_the_challenge_at_closes_ms(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=2, closes_in_ms=10_000)
    gid, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    shown = await move(node, gid, pid, "next")  # its deadline is after closes_ms
    cluster.clock.now += 9_000
    assert await Ticker(node.live, 100).tick() == 0
    cluster.clock.now += 1000
    assert await Ticker(node.live, 100).tick() == 1  # the challenge's own timer
    assert (await node.live.current_state(gid))["phase"] == "closed"
    assert run_entries(await cluster.store.outbox_entries(10)) == []  # still in a question
    # Its deadline still holds; then the run ends with its one question.
    cluster.clock.now = shown["deadline_ms"] + 1
    assert await Ticker(node.live, 100).tick() == 1
    (run,) = run_entries(await cluster.store.outbox_entries(10))
    assert run.player_id == pid and run.answers == []
    ttl = await cluster.redis.ttl(cluster.store.keys.meta(gid))
    assert ttl > cluster.settings.finished_ttl_s - 120


async def test_a_live_game_has_no_run_moves(cluster: Cluster) -> None:
    node = cluster.node()
    gid, pin = await cluster.game(node)
    _, pid, _, joined = await node.join(pin, "Ann")
    assert "run" not in joined
    with pytest.raises(RuleViolation) as refused:
        await node.live.challenges.move(gid, pid, "next")
    assert refused.value.code == "not_allowed"


async def test_a_run_keeps_the_settings_of_a_live_game(cluster: Cluster) -> None:
    node = cluster.node()
    settings = {"read_first_ms": 3000, "scoring": "accuracy", "streaks": False}
    created = await open_challenge(node, cluster.clock.now, questions=2, settings=settings)
    gid, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    shown = await move(node, gid, pid, "next")
    assert shown["deadline_ms"] == cluster.clock.now + 3000 + LIMIT_MS
    assert shown["view"]["answers_open_ms"] == cluster.clock.now + 3000
    with pytest.raises(RuleViolation) as early:
        await answer(node, gid, pid, 0)
    assert early.value.code == "answers_not_open"
    cluster.clock.now += 3000 + 15_000
    assert (await answer(node, gid, pid, 0))["score"] == 1000  # accuracy: no speed part
    await move(node, gid, pid, "next")
    cluster.clock.now += 3000
    second = await answer(node, gid, pid, 1)
    assert second["score"] == 2000 and second["streak"] == 2  # streaks off: no bonus


async def test_every_key_of_a_challenge_expires_with_it(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=2, attempts=2)
    gid = created.id
    _, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    await move(node, gid, pid, "next")
    await answer(node, gid, pid, 0)
    await move(node, gid, pid, "next")
    await answer(node, gid, pid, 1)
    await move(node, gid, pid, "again")
    await node.live.challenges.close(gid)
    keys = [k async for k in cluster.redis.scan_iter(match=f"*{{g:{gid}}}*")]
    assert cluster.store.keys.run(gid, pid) in keys and len(keys) >= 10
    lifetime = 24 * 3600 + cluster.settings.finished_ttl_s
    for key in keys:
        assert 0 < await cluster.redis.ttl(key) <= lifetime, key


async def test_a_player_asking_after_its_deadline_closes_it_once(cluster: Cluster) -> None:
    node = cluster.node()
    created = await open_challenge(node, cluster.clock.now, questions=2)
    gid, pid, _ = await join(node, created.pin, {"nickname": "Ann"})
    shown = await move(node, gid, pid, "next")
    cluster.clock.now = shown["deadline_ms"] + 1  # no timer has run yet
    closed = await move(node, gid, pid, "state")
    assert closed["status"] == "reveal" and closed["result"]["answered"] is False
    following = await move(node, gid, pid, "next")
    assert following["status"] == "question" and following["question"] == 1
    # The run's timer now holds the next deadline: nothing is due, nothing closes twice.
    assert await cluster.store.run_timer_of(gid, pid) == following["deadline_ms"]
    assert await Ticker(node.live, 100).tick() == 0
    assert [m for m in node.fanout.bus if m["t"] == "run"] == []
    run = await cluster.store.run(gid, pid)
    assert run is not None and run["status"] == "question" and run["q"] == "1"


async def test_a_node_acting_on_a_run_it_remembers_finds_it_moved(cluster: Cluster) -> None:
    """A node remembers where each run stands after its own moves (flow.RunFlow.note); the
    scripts refuse that memory once another node moved the run, and the run is read again."""
    one, two = cluster.node(), cluster.node()
    created = await open_challenge(one, cluster.clock.now, questions=3)
    gid, pid, _ = await join(one, created.pin, {"nickname": "Ann"})
    first = await move(one, gid, pid, "next")  # node one remembers question 0
    # Node two closes question 0 at its deadline: one's memory is stale.
    cluster.clock.now = first["deadline_ms"] + 5
    await two.live.challenges.flow.on_timer(run_member(gid, pid), cluster.clock.now + 3000)
    with pytest.raises(RuleViolation) as late:
        await answer(one, gid, pid, 0)
    assert late.value.code == "question_closed"
    # Node two shows question 1; node one (remembering nothing now) answers it, then node
    # two shows question 2 and node one's memory (the reveal of 1) is stale again.
    second = await move(two, gid, pid, "next")
    assert second["status"] == "question" and second["question"] == 1
    cluster.clock.now += 1000
    assert (await answer(one, gid, pid, 1))["status"] == "reveal"
    third = await move(two, gid, pid, "next")
    assert third["question"] == 2
    cluster.clock.now += 500
    again = await move(one, gid, pid, "next")  # not a second move: the current view
    assert again["status"] == "question" and again["question"] == 2
    assert again["deadline_ms"] == third["deadline_ms"]
    cluster.clock.now += 1000
    last = await answer(one, gid, pid, 2)
    assert last["status"] == "reveal" and last["answered"] == 2
    (entry,) = run_entries(await cluster.store.outbox_entries(10))
    assert [a.question for a in entry.answers] == [1, 2]
    assert await cluster.store.run_timer_of(gid, pid) is None
