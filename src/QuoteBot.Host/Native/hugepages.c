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
 * changes. Only the main executable's own segment is advised, never a library's or the GC heap.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

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
            (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
    }
    return 1;
}

__attribute__((constructor)) static void quotebot_huge_pages_for_startup_data(void)
{
    dl_iterate_phdr(quotebot_advise_zero_fill, NULL);
}
