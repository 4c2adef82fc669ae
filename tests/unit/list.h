/* Every unit-test module, in the order they run: T(name) runs test_name(). */
T(buf)
T(fmt)
T(arena)
T(json)
T(utf8)
T(log)
