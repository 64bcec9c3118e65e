package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.CodeMapFile;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.pretrained.ModelCard;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.vq.CodeMaps;
import io.github.pixelcnn.vq.VqCheckpoint;
import io.github.pixelcnn.vq.VqVae;
import io.github.pixelcnn.vq.VqVaeConfig;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code export} of a VQ-VAE (its card gives PSNR) or, with {@code --decoder}, of a prior over the
 * codes of a pretrained VQ-VAE (its card gives bits per code and names the decoder).
 */
final class VqExport {
    private VqExport() {}

    static int run(ExportCommand cmd, ModelsFolder folder, Path checkpoint) {
        DataSource source = DataSource.parse(cmd.dataset);
        ImageDataset train = source.load(Split.TRAIN);
        ImageDataset test = source.load(Split.TEST);
        ModelCard card;
        try (NDManager manager = cmd.common.newManager()) {
            if (cmd.decoder == null) {
                VqVaeConfig c = VqCheckpoint.read(checkpoint).config();
                String command = cmd.command != null ? cmd.command : String.format(Locale.ROOT,
                        "./pixelcnn train --model vqvae --dataset %s --codebook %d --code-dim %d --hidden %d"
                                + " --res-blocks %d --downsamples %d --out %s", cmd.dataset, c.codes(), c.codeDim(),
                        c.hidden(), c.residualBlocks(), c.downsamples(), cmd.run);
                card = folder.exportVqVae(cmd.run, cmd.name, cmd.dataset, train, test, command, manager);
                System.out.printf(Locale.ROOT, "%s: %s, %,d parameters; test PSNR %.2f dB (%,d images), first %d:"
                        + " %.2f dB%n", card.name(), card.model(), card.parameters(), card.testPsnr(), card.testImages(),
                        card.checkImages(), card.checkPsnr());
            } else {
                if (VqCheckpoint.isVqCheckpoint(checkpoint)) {
                    throw new BadInputException(checkpoint + " is a VQ-VAE; --decoder is for exporting a prior over"
                            + " its codes");
                }
                Path decoderPath = folder.checkpoint(cmd.decoder);
                VqCheckpoint vq = VqCheckpoint.read(decoderPath);
                ModelConfig pc = Checkpoint.read(checkpoint).config();
                CodeMaps.requireFits(vq.config(), pc.levels(), pc.imageChannels(), pc.height(), pc.width(),
                        checkpoint.toString(), cmd.decoder);
                CodeMapFile codes;
                try (VqVae model = vq.restore(manager)) {
                    VqVaeConfig c = vq.config();
                    codes = new CodeMapFile(c.codes(), c.gridHeight(), c.gridWidth(), cmd.decoder, train.classNames(),
                            CodeMaps.encode(model, train, 256, manager), CodeMaps.encode(model, test, 256, manager));
                }
                Path named = Path.of(cmd.decoder + ".codes");
                String command = cmd.command != null ? cmd.command : "./pixelcnn encode --codes --pretrained "
                        + cmd.decoder + " --dataset " + cmd.dataset + " --out " + named + " && ./pixelcnn train"
                        + " --dataset codes:" + named + " --out " + cmd.run;
                card = folder.export(cmd.run, cmd.name, cmd.dataset, codes.dataset(named, Split.TRAIN),
                        codes.dataset(named, Split.TEST), command, cmd.decoder, manager);
                System.out.printf(Locale.ROOT, "%s: %s, %,d parameters; test bits per code %.4f (%,d code maps),"
                        + " first %d: %.4f%n", card.name(), card.model(), card.parameters(), card.testBitsPerDim(),
                        card.testImages(), card.checkImages(), card.checkBitsPerDim());
            }
        }
        System.out.println("written: " + folder.dir().resolve(cmd.name + ".ckpt").toAbsolutePath() + ", " + cmd.name
                + ".json, " + ModelsFolder.INDEX);
        return Main.OK;
    }
}
