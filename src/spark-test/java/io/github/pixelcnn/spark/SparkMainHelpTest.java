package io.github.pixelcnn.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The Spark commands' help follows the command line's conventions (cli.ConventionsTest). */
class SparkMainHelpTest {
    @Test
    void everyOptionIsDescribedWithItsDefault() {
        List<String> faults = new ArrayList<>();
        for (CommandLine cmd : new CommandLine(new SparkMain()).getSubcommands().values()) {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String where = cmd.getCommandName() + " " + o.longestName();
                String text = String.join(" ", o.description()).strip();
                boolean inRequiredGroup = o.group() != null && o.group().multiplicity().min() > 0;
                if (text.isEmpty()) {
                    faults.add(where + ": no description");
                } else if (o.defaultValue() != null && !o.typeInfo().isBoolean()
                        && !(text.contains("default") && text.contains(o.defaultValue()))) {
                    faults.add(where + ": default " + o.defaultValue() + " not shown");
                } else if (o.defaultValue() == null && !o.required() && !inRequiredGroup && !text.contains("default")) {
                    faults.add(where + ": optional, but the help does not say what happens without it");
                }
            }
        }
        assertThat(faults).isEmpty();
    }
}
