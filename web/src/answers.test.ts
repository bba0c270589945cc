import { describe, expect, it } from "vitest";
import { choiceOptions, displayOrder, isCorrectOption, moveItem, multiValue, shuffleSeed } from "./answers";
import { TRUE_FALSE_OPTIONS } from "./kinds/true-false";
import { publicQuestion } from "./test-question";

const q = publicQuestion;

describe("answer options", () => {
  it("gives choices shapes and letters by their original index", () => {
    const opts = choiceOptions(q({ choices: ["a", "b", "c"] }), [2, 0, 1]);
    expect(opts.map((o) => o.value)).toEqual([2, 0, 1]);
    expect(opts.map((o) => o.tile.letter)).toEqual(["C", "A", "B"]);
    expect(opts[0].tile.shape).toBe("circle");
    expect(opts[0].key).toBe("2");
  });

  it("answers true/false with booleans keyed as the distribution", () => {
    const opts = TRUE_FALSE_OPTIONS;
    expect(opts.map((o) => [o.key, o.value, o.tile.letter])).toEqual([
      ["true", true, "T"],
      ["false", false, "F"],
    ]);
    expect(isCorrectOption(opts[1], false)).toBe(true);
    expect(isCorrectOption(opts[0], false)).toBe(false);
  });

  it("marks correct options for single and multi-select reveals", () => {
    const opts = choiceOptions(q({ choices: ["a", "b", "c"] }));
    expect(opts.map((o) => isCorrectOption(o, 1))).toEqual([false, true, false]);
    expect(opts.map((o) => isCorrectOption(o, [0, 2]))).toEqual([true, false, true]);
  });
});

describe("per-player order", () => {
  it("is the identity without a seed", () => {
    expect(displayOrder(4, null, 0)).toEqual([0, 1, 2, 3]);
  });

  it("is a fixed permutation per seed and question", () => {
    const a = displayOrder(6, "seed-1", 3);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(displayOrder(6, "seed-1", 3)).toEqual(a);
    const others = [displayOrder(6, "seed-2", 3), displayOrder(6, "seed-1", 4)];
    expect(others.some((o) => o.join() !== a.join())).toBe(true);
  });

  it("finds the seed wherever the join ack puts it", () => {
    expect(shuffleSeed({ seed: "abc" } as never)).toBe("abc");
    expect(shuffleSeed({ shuffle_seed: 42 } as never)).toBe("42");
    expect(shuffleSeed({ player: { id: "p", nickname: "n", team: null, seed: "s" } } as never)).toBe("s");
    expect(shuffleSeed({ player: { id: "p", nickname: "n", team: null } } as never)).toBeNull();
    expect(shuffleSeed(null)).toBeNull();
  });
});

describe("answer values", () => {
  it("sends a sorted list of original indices for a multi-select", () => {
    expect(multiValue([3, 0, 3, 1])).toEqual([0, 1, 3]);
  });

  it("moves order items", () => {
    expect(moveItem([0, 1, 2], 2, -1)).toEqual([0, 2, 1]);
    const same = [0, 1, 2];
    expect(moveItem(same, 0, -1)).toBe(same);
  });

});

describe("shuffle agrees with the server (docs/rules.md test vectors)", () => {
  const vectors: [string, number, number, number[]][] = [
    ["0", 0, 4, [1, 3, 0, 2]],
    ["1", 0, 4, [3, 2, 1, 0]],
    ["42", 0, 4, [1, 2, 3, 0]],
    ["42", 1, 4, [2, 1, 0, 3]],
    ["42", 2, 6, [3, 5, 2, 0, 1, 4]],
    ["123456789", 3, 5, [0, 3, 2, 4, 1]],
    ["4294967295", 199, 6, [5, 3, 2, 1, 4, 0]],
    ["2024", 7, 8, [7, 2, 3, 0, 4, 1, 6, 5]],
    ["99", 5, 3, [2, 0, 1]],
    ["héllo-🦊", 2, 5, [1, 4, 0, 2, 3]],
  ];
  it.each(vectors)("seed %s, question %i, %i choices", (seed, question, n, order) => {
    expect(displayOrder(n, seed, question)).toEqual(order);
  });

  it("reads the join ack's numeric shuffle_seed as the server writes it", () => {
    expect(displayOrder(4, shuffleSeed({ shuffle_seed: 42 } as never), 0)).toEqual([1, 2, 3, 0]);
  });

  it("counts the choices a phone gets without their texts", () => {
    const opts = choiceOptions(q({ choices: undefined, choice_count: 3 }));
    expect(opts.map((o) => [o.value, o.label, o.tile.letter])).toEqual([
      [0, "", "A"],
      [1, "", "B"],
      [2, "", "C"],
    ]);
  });
});
