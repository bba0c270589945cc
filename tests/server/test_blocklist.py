"""The nickname filter a node loads: the curated list plus the multi-language word lists."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from games.nicknames import Blocklist, generate_nickname
from games.words import ADJECTIVES, ANIMALS
from server.blocklist import available_languages, load_blocklist
from server.nodes import NodeLiveness
from server.rooms.runtime import Rooms
from server.settings import Settings, SettingsError
from server.sockets.fanout import LocalPlayers
from tests.server.inproc import Cluster, Node, RecordingFanout

# Real first names and surnames in several languages and scripts, a few of which hold a bad
# word of some language inside them or are slang somewhere (Mona, Analia, Assunta, Dong).
NAMES = [
    "Maria José", "Mohammed", "Fatima", "Olga", "Natasha", "Sofia", "Mateo", "Camila",
    "Jürgen", "Ursula", "Giovanni", "Francesca", "Chiara", "Étienne", "Chloé", "Ayşe",
    "Mehmet", "Zeynep", "Hüseyin", "Ömer", "Priya", "Anjali", "Deepak Singh", "Björn",
    "Mikko", "Aino", "Krzysztof", "Małgorzata", "János", "Zsófia", "Nguyen Phuc", "Bích",
    "Kwame", "Ngozi", "Mona", "Analia", "Annalisa", "Assunta", "Dong", "Claudia",
    "Classy Otter", "Brave Otter", "Dickens Fan", "Yamashita", "Kinoshita", "Scunthorpe",
    "Hancock", "Penistone", "Nazira", "Grape Otter", "Lunar Seal", "Cockburn", "Edit", "Mama",
    "Kaka",
    "김민준", "이서연", "박지훈", "王伟", "李娜", "佐藤", "さくら", "Александр", "Наталья",
    "Дмитрий", "محمد", "فاطمة",
]  # fmt: skip
# Bad words in English, French, German, Italian, Spanish, Polish, Russian, Turkish, Dutch,
# Finnish, Portuguese, Swedish, Japanese, Chinese and Korean.
BAD = [
    "fuck", "merde", "Scheiße", "puttana", "cazzo", "mierda", "gilipollas", "kurwa",
    "блядь", "хуй", "orospu", "neuken", "vittu", "caralho", "fitta", "まんこ", "操你妈",
    "씨발", "씨발놈아", "Xx kurwa xX", "m1erda", "the Cazzo King", "xXfuckXx", "f.u.c.k",
    "shit", "Big Dick", "c0ck",
]  # fmt: skip


def test_real_names_pass_and_bad_words_in_many_languages_do_not() -> None:
    blocklist = load_blocklist(Settings())
    assert [n for n in NAMES if blocklist.blocks(n)] == []
    assert [w for w in BAD if not blocklist.blocks(w)] == []
    assert len(available_languages()) >= 20


def test_languages_setting_and_own_file(tmp_path: Path) -> None:
    own = tmp_path / "words.txt"
    own.write_text("# ours\nsprocket\n", "utf-8")
    only_ours = load_blocklist(Settings(blocklist_path=str(own), blocklist_languages=()))
    assert only_ours.blocks("Sprocket Man") and not only_ours.blocks("cazzo")
    # HUDDLE_BLOCKLIST replaces the curated list; the multi-language lists still apply.
    with_lists = load_blocklist(Settings(blocklist_path=str(own)))
    assert with_lists.blocks("sprocket") and with_lists.blocks("cazzo")
    italian = load_blocklist(Settings(blocklist_path=str(own), blocklist_languages=("italian",)))
    assert italian.blocks("cazzo") and not italian.blocks("kurwa")
    assert Settings.from_env({"HUDDLE_BLOCKLIST_LANGUAGES": "none"}).blocklist_languages == ()
    assert Settings.from_env(
        {"HUDDLE_BLOCKLIST_LANGUAGES": " German,italian "}
    ).blocklist_languages == ("german", "italian")
    with pytest.raises(SettingsError, match="klingon"):
        load_blocklist(Settings(blocklist_languages=("klingon",)))


def test_every_generated_name_passes() -> None:
    blocklist = load_blocklist(Settings())
    names = [f"{a} {n}" for a in ADJECTIVES for n in ANIMALS]
    assert [n for n in names if blocklist.blocks(n)] == []


def test_generated_names_pass_an_operators_own_list(tmp_path: Path) -> None:
    # HUDDLE_BLOCKLIST lists often hold "arse", which "Lunar Seal" holds across its words.
    own = tmp_path / "words.txt"
    own.write_text("arse\nanal\nshit\ncunt\ntwat\n", "utf-8")
    blocklist = load_blocklist(Settings(blocklist_path=str(own)))
    assert blocklist.blocks("Lunar Seal")
    names = {generate_nickname(random.Random(s), blocklist=blocklist) for s in range(3000)}
    assert len(names) > 1000 and [n for n in names if blocklist.blocks(n)] == []


async def test_the_server_suggests_and_renames_only_to_names_its_filter_passes(
    cluster: Cluster,
) -> None:
    # A list that refuses every adjective but one: the suggestions still pass it.
    blocklist = Blocklist.of([a for a in ADJECTIVES if a != "Vivid"])
    fanout, players = RecordingFanout(), LocalPlayers()
    live = Rooms(cluster.settings, cluster.store, fanout, cluster.clock, blocklist=blocklist)
    node = Node(live, fanout, players, NodeLiveness(live, players))
    gid, pin = await cluster.game(node)
    for _ in range(5):
        name = await live.players.suggest(gid)
        assert name.startswith("Vivid ") and not blocklist.blocks(name), name
    _, _, _, ack = await node.join(pin, "Brave")
    assert ack["renamed"] is True
    renamed = ack["player"]["nickname"]
    assert renamed.startswith("Vivid ") and not blocklist.blocks(renamed), renamed
