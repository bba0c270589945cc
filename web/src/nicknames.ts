// Generated nicknames for the join page (settings.nickname_generator).
//
// `suggestNickname` asks the server (`/play` `suggest_nickname {pin}`, a name nobody in the game
// has yet) and falls back to one made on the device from the lists below.


const ADJECTIVES = [
  "Brave", "Bright", "Bouncy", "Clever", "Cosmic", "Daring", "Dizzy", "Eager", "Fancy", "Fuzzy",
  "Gentle", "Giddy", "Happy", "Jolly", "Lucky", "Mighty", "Nimble", "Plucky", "Quick", "Rapid",
  "Sassy", "Shiny", "Sneaky", "Snappy", "Speedy", "Sunny", "Swift", "Witty", "Zany", "Zesty",
];
const ANIMALS = [
  "Otter", "Panda", "Falcon", "Badger", "Koala", "Llama", "Gecko", "Walrus", "Penguin", "Tiger",
  "Narwhal", "Moose", "Hedgehog", "Dolphin", "Fox", "Lynx", "Yak", "Beaver", "Puffin", "Raccoon",
  "Octopus", "Heron", "Bison", "Lemur", "Toucan", "Orca", "Wombat", "Jaguar", "Hamster", "Owl",
];

export function localNickname(random: () => number = Math.random): string {
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length) % list.length];
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}

export async function suggestNickname(pin: string): Promise<string> {
  const { connect, request } = await import("./live"); // loaded on first use, not at start
  const socket = connect("/play");
  try {
    const ack = await request(socket, "suggest_nickname", { pin }, 4000);
    if (ack.ok && typeof ack.nickname === "string" && ack.nickname) return ack.nickname;
  } finally {
    socket.disconnect();
  }
  return localNickname();
}
