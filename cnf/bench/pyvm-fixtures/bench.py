# pyvm's fixed Python benchmark: plain interpreter work, no I/O: integer arithmetic in a loop,
# string building, a dict of words, a small sort; prints a checksum so both interpreters are
# seen to do the same work.
def arithmetic(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def strings(n):
    parts = []
    for i in range(n):
        parts.append(str(i))
    return len(",".join(parts))


def words(n):
    counts = {}
    for i in range(n):
        word = "w" + str(i % 1000)
        counts[word] = counts.get(word, 0) + 1
    return len(counts)


def sorting(n):
    values = [(i * 7919) % 10007 for i in range(n)]
    return sorted(values)[n // 2]


print(arithmetic(1_000_000), strings(200_000), words(200_000), sorting(100_000))
