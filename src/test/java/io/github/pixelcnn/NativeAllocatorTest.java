package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The malloc settings are written out wherever a process starts (launcher, test runner, the
 * PyTorch comparison); these checks keep every copy equal to {@link NativeAllocator#TUNABLES}.
 */
class NativeAllocatorTest {

    @Test
    void testRunnerStartsWithTheMallocSettings() {
        // Without them every test runs about 2x slower.
        assertThat(NativeAllocator.tunables()).isEqualTo(NativeAllocator.TUNABLES);
        assertThat(NativeAllocator.isTuned()).isTrue();
    }

    @Test
    void launcherAndComparisonUseTheSameSettings() throws Exception {
        for (String file : new String[] {"pixelcnn", "bench/compare.sh", "pom.xml"}) {
            assertThat(Files.readString(Path.of(file))).as(file).contains(NativeAllocator.TUNABLES);
        }
    }
}
