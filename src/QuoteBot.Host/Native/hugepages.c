/*
 * Linked into the Native AOT executable on Linux (QuoteBot.Host.csproj, target QuoteBotHugePages).
 *
 * At every start the .NET runtime expands the program's compressed type data (ILC's "hydrated" section, about 24 MB
 * for the whole bot) into the executable's zero-filled data, and writes every page of it before `Main` runs. With
 * 4 KiB pages that is about 6,000 page faults per start; on virtual machines where a page fault is expensive it was
 * most of the CPU time of a one-shot `quotebot extract` (docs/extraction.md, "Session 17: end-to-end extraction
 * speed"). This constructor runs before the runtime starts and asks the kernel for transparent huge pages (2 MiB)
 * over that zero-filled part of the executable's writable segment, so the same bytes take a few dozen faults.
 *
 * It changes no content: the memory is zero-filled either way and written whole at start either way, so the resident
 * size stays the same. Where transparent huge pages are off ("never") or not supported, madvise fails and nothing
 * changes.
 *
 * `quotebot extract` only (the first argument is "extract"): the garbage-collected heap on huge pages too. A one-shot
 * extraction of a 3 MB article writes about 40 MB of fresh heap (the file's bytes, its text, the extractor's working
 * arrays) and exits; with 4 KiB pages that was about 9,000 faults and about 0.15 s of its 0.32 s of CPU on the VM
 * above (docs/extraction.md, "Session 18: end-to-end extraction speed"). The GC reserves its heap as one large inaccessible mapping and makes
 * parts of it usable in 64 KiB steps (mprotect, then madvise(MADV_DODUMP)); a huge page is only possible where a whole
 * aligned 2 MiB block is usable with the same flags, so no step ever formed one. For that command the three calls
 * below (which the runtime's own references resolve to, instead of the C library's) advise the heap's reservation for
 * huge pages and widen each such step to the 2 MiB blocks around it. The GC still writes only what it asked for; a
 * block the GC has not asked for yet is usable a little early and untouched. Every other call, and every call of every
 * other command (the bot, import, search), goes to the kernel unchanged.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define QUOTEBOT_HUGE_PAGE ((uintptr_t)2 << 20)

/* The GC heap's reservation while `quotebot extract` runs (0 and 0 otherwise, or before the GC has reserved it). */
static int quotebot_heap_huge;
static uintptr_t quotebot_heap_start;
static uintptr_t quotebot_heap_end;

static int quotebot_advise_zero_fill(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* dl_iterate_phdr reports the main program first, with an empty name. */
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0')
        return 1;

    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) == 0 || segment->p_memsz <= segment->p_filesz)
            continue;

        /* The zero-filled tail (.bss and the hydrated data): from the first whole page after the file's bytes. */
        uintptr_t start = info->dlpi_addr + segment->p_vaddr + segment->p_filesz;
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        start = (start + page - 1) & ~(page - 1);
        end = (end + page - 1) & ~(page - 1);
        if (end > start)
            (void)syscall(SYS_madvise, start, end - start, MADV_HUGEPAGE);
    }
    return 1;
}

/* True when the program's first argument is "extract" (read from /proc/self/cmdline: NUL-separated arguments). */
static int quotebot_is_extract(void)
{
    char args[4096 + 16];
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;

    ssize_t n = read(fd, args, sizeof(args) - 1);
    close(fd);
    if (n <= 0)
        return 0;

    args[n] = '\0';
    size_t program = strlen(args);
    return (ssize_t)program + 1 < n && strcmp(args + program + 1, "extract") == 0;
}

__attribute__((constructor)) static void quotebot_huge_pages_for_startup_data(void)
{
    dl_iterate_phdr(quotebot_advise_zero_fill, NULL);
    quotebot_heap_huge = quotebot_is_extract();
}

/* [*start, *end) widened to whole 2 MiB blocks when it lies in the heap's reservation and the blocks do too. */
static int quotebot_widen_in_heap(uintptr_t *start, uintptr_t *end)
{
    if (quotebot_heap_end == 0 || *start < quotebot_heap_start || *end > quotebot_heap_end)
        return 0;

    uintptr_t wide_start = *start & ~(QUOTEBOT_HUGE_PAGE - 1);
    uintptr_t wide_end = (*end + QUOTEBOT_HUGE_PAGE - 1) & ~(QUOTEBOT_HUGE_PAGE - 1);
    if (wide_start < quotebot_heap_start || wide_end > quotebot_heap_end)
        return 0;

    *start = wide_start;
    *end = wide_end;
    return 1;
}

/*
 * The runtime's mmap: the GC reserves its heap as the first inaccessible anonymous mapping of 1 GiB or more (tens of
 * GB of address space, nothing committed); later inaccessible mappings inside it (parts given back) are advised again.
 */
void *mmap64(void *address, size_t length, int protection, int flags, int fd, off64_t offset)
{
    void *mapped = (void *)syscall(SYS_mmap, address, length, protection, flags, fd, offset);
    if (!quotebot_heap_huge || mapped == MAP_FAILED || protection != PROT_NONE || (flags & MAP_ANONYMOUS) == 0)
        return mapped;

    uintptr_t start = (uintptr_t)mapped;
    if (quotebot_heap_end == 0 && address == NULL && length >= ((size_t)1 << 30))
    {
        quotebot_heap_start = start;
        quotebot_heap_end = start + length;
    }

    if (quotebot_heap_end != 0 && start >= quotebot_heap_start && start + length <= quotebot_heap_end)
        (void)syscall(SYS_madvise, start, length, MADV_HUGEPAGE);

    return mapped;
}

/* The GC's commit (read-write) of part of the heap: the whole 2 MiB blocks around it; the exact call if that fails. */
int mprotect(void *address, size_t length, int protection)
{
    uintptr_t start = (uintptr_t)address, end = start + length;
    if (protection == (PROT_READ | PROT_WRITE) && quotebot_widen_in_heap(&start, &end)
        && syscall(SYS_mprotect, start, end - start, protection) == 0)
        return 0;

    return (int)syscall(SYS_mprotect, address, length, protection);
}

/* The GC marks each commit for core dumps: widened like the commit, so the block keeps one set of flags. */
int madvise(void *address, size_t length, int advice)
{
    uintptr_t start = (uintptr_t)address, end = start + length;
    if (advice == MADV_DODUMP && quotebot_widen_in_heap(&start, &end)
        && syscall(SYS_madvise, start, end - start, advice) == 0)
        return 0;

    return (int)syscall(SYS_madvise, address, length, advice);
}
