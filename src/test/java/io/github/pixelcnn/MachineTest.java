package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
    @Test
    void theFirstProcessorsNameFamilyAndModel() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25",
                "model\t\t: 1", "model name\t: AMD EPYC", "stepping\t: 1", "", "processor\t: 1",
                "cpu family\t: 6", "model\t\t: 143", "model name\t: Intel Xeon");
        assertThat(Machine.cpuModel(cpuinfo)).isEqualTo("AMD EPYC (family 25, model 1)");
    }

    @Test
    void aNameWithoutNumbersStaysAsItIsAndNoNameIsUnknown() {
        assertThat(Machine.cpuModel(List.of("model name\t: Some CPU"))).isEqualTo("Some CPU");
        assertThat(Machine.cpuModel(List.of("processor\t: 0", "BogoMIPS\t: 50.00"))).isEqualTo("unknown");
        assertThat(Machine.cpuModel(List.of())).isEqualTo("unknown");
    }
}
