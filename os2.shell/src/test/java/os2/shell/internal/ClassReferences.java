package os2.shell.internal;

import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.AttributedElement;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassSignature;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodSignature;
import java.lang.classfile.Signature;
import java.lang.classfile.attribute.SignatureAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MethodTypeEntry;
import java.lang.classfile.constantpool.NameAndTypeEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a compiled class uses, as its class file names them: in its constant pool (what it
 * extends, implements, creates, casts to, calls and reads; javac also keeps there the class of each
 * constant it inlined), in the descriptors of its members and of the members it calls, in its
 * generic signatures and in its annotations. An unused import leaves no trace; nor does a type
 * named only in a comment. Names are internal ({@code os2/shell/internal/client/ExitStatus}); an
 * array counts as its element type, a primitive type as nothing.
 */
final class ClassReferences {

	private final Set<String> names = new TreeSet<>();

	private ClassReferences() {
	}

	static Set<String> of(byte[] classFile) {
		ClassModel model = ClassFile.of().parse(classFile);
		ClassReferences references = new ClassReferences();
		for (PoolEntry entry : model.constantPool()) {
			switch (entry) {
				case ClassEntry type -> references.add(type.asSymbol());
				case NameAndTypeEntry member -> references.addDescriptor(member.type().stringValue());
				case MethodTypeEntry type -> references.add(type.asSymbol());
				default -> {
					// numbers, strings and names: no class in them
				}
			}
		}
		model.findAttribute(Attributes.signature()).map(SignatureAttribute::asClassSignature).ifPresent(references::add);
		references.addAnnotations(model);
		for (FieldModel field : model.fields()) {
			references.add(field.fieldTypeSymbol());
			field.findAttribute(Attributes.signature()).map(SignatureAttribute::asTypeSignature).ifPresent(references::add);
			references.addAnnotations(field);
		}
		for (MethodModel method : model.methods()) {
			references.add(method.methodTypeSymbol());
			method.findAttribute(Attributes.signature()).map(SignatureAttribute::asMethodSignature).ifPresent(references::add);
			references.addAnnotations(method);
			method.findAttribute(Attributes.runtimeVisibleParameterAnnotations())
					.ifPresent(attribute -> attribute.parameterAnnotations().forEach(references::addAll));
			method.findAttribute(Attributes.runtimeInvisibleParameterAnnotations())
					.ifPresent(attribute -> attribute.parameterAnnotations().forEach(references::addAll));
		}
		return references.names;
	}

	private void add(ClassDesc type) {
		ClassDesc element = type;
		while (element.isArray()) {
			element = element.componentType();
		}
		if (element.isClassOrInterface()) {
			String descriptor = element.descriptorString(); // Lpackage/Name;
			names.add(descriptor.substring(1, descriptor.length() - 1));
		}
	}

	private void add(MethodTypeDesc type) {
		add(type.returnType());
		type.parameterList().forEach(this::add);
	}

	/** A field's descriptor, or a method's (which starts with its parameters' parenthesis). */
	private void addDescriptor(String descriptor) {
		if (descriptor.startsWith("(")) {
			add(MethodTypeDesc.ofDescriptor(descriptor));
		} else {
			add(ClassDesc.ofDescriptor(descriptor));
		}
	}

	private void add(ClassSignature signature) {
		signature.typeParameters().forEach(this::add);
		add(signature.superclassSignature());
		signature.superinterfaceSignatures().forEach(this::add);
	}

	private void add(MethodSignature signature) {
		signature.typeParameters().forEach(this::add);
		signature.arguments().forEach(this::add);
		add(signature.result());
		signature.throwableSignatures().forEach(this::add);
	}

	private void add(Signature.TypeParam parameter) {
		parameter.classBound().ifPresent(this::add);
		parameter.interfaceBounds().forEach(this::add);
	}

	private void add(Signature signature) {
		switch (signature) {
			case Signature.ClassTypeSig type -> {
				add(type.classDesc());
				type.outerType().ifPresent(this::add);
				for (Signature.TypeArg argument : type.typeArgs()) {
					if (argument instanceof Signature.TypeArg.Bounded bounded) {
						add(bounded.boundType());
					}
				}
			}
			case Signature.ArrayTypeSig array -> add(array.componentSignature());
			default -> {
				// a primitive type or a type variable, whose bounds are in its declaration
			}
		}
	}

	private void addAnnotations(AttributedElement element) {
		element.findAttribute(Attributes.runtimeVisibleAnnotations()).ifPresent(attribute -> addAll(attribute.annotations()));
		element.findAttribute(Attributes.runtimeInvisibleAnnotations()).ifPresent(attribute -> addAll(attribute.annotations()));
	}

	private void addAll(List<Annotation> annotations) {
		annotations.forEach(this::add);
	}

	private void add(Annotation annotation) {
		add(annotation.classSymbol());
		for (AnnotationElement element : annotation.elements()) {
			add(element.value());
		}
	}

	private void add(AnnotationValue value) {
		switch (value) {
			case AnnotationValue.OfClass type -> add(type.classSymbol());
			case AnnotationValue.OfEnum constant -> add(constant.classSymbol());
			case AnnotationValue.OfAnnotation nested -> add(nested.annotation());
			case AnnotationValue.OfArray array -> array.values().forEach(this::add);
			default -> {
				// a number or a string
			}
		}
	}
}
