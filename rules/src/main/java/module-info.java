/**
 * The rules API: the only types a pack's rules see (device-profile facts, the finding a rule
 * records, pure helpers). It depends on nothing but java.base.
 */
module org.vfiocompat.rules {
    exports org.vfiocompat.rules;
}
