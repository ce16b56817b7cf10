/**
 * Areas of knowledge and their concepts: what distillers sweep, what students and curious users
 * ask about, and the subjects of the benchmark-like question sets.
 */
export interface Area {
  name: string;
  concepts: readonly string[];
}

export const AREAS: readonly Area[] = [
  {
    name: 'mathematics',
    concepts: [
      'the fundamental theorem of calculus', 'eigenvalues and eigenvectors', 'the Cauchy-Schwarz inequality',
      'group homomorphisms', 'Taylor series', 'the pigeonhole principle', 'mathematical induction',
      'the chain rule', 'modular arithmetic', 'Fourier series', 'the Riemann integral', 'complex roots of unity',
      'the binomial theorem', 'Lagrange multipliers', 'the mean value theorem', 'prime factorization',
      'vector spaces and bases', 'the determinant of a matrix', 'convergence of infinite series',
      'graph colouring', 'conic sections', 'the inclusion-exclusion principle', 'Bayes\' theorem',
      'ordinary differential equations', 'the Euclidean algorithm', 'limits and continuity',
    ],
  },
  {
    name: 'statistics',
    concepts: [
      'the central limit theorem', 'p-values', 'confidence intervals', 'linear regression', 'maximum likelihood estimation',
      'the bias-variance tradeoff', 'hypothesis testing', 'Type I and Type II errors', 'the chi-squared test',
      'analysis of variance', 'Bayesian inference', 'bootstrapping', 'correlation versus causation',
      'the normal distribution', 'the Poisson distribution', 'standard error', 'multicollinearity',
      'survival analysis', 'stratified sampling', 'heteroskedasticity', 'logistic regression', 'A/B testing',
    ],
  },
  {
    name: 'physics',
    concepts: [
      'Newton\'s second law', 'conservation of momentum', 'the photoelectric effect', 'special relativity',
      'entropy', 'the Doppler effect', 'quantum tunnelling', 'Maxwell\'s equations', 'simple harmonic motion',
      'Bernoulli\'s principle', 'electromagnetic induction', 'the uncertainty principle', 'black-body radiation',
      'Ohm\'s law', 'the double-slit experiment', 'angular momentum', 'thermal conductivity', 'superconductivity',
      'the Carnot cycle', 'wave-particle duality', 'nuclear fission', 'projectile motion', 'refraction and Snell\'s law',
    ],
  },
  {
    name: 'chemistry',
    concepts: [
      'Le Chatelier\'s principle', 'electronegativity', 'oxidation and reduction', 'chemical equilibrium',
      'the ideal gas law', 'covalent bonding', 'hybridization of orbitals', 'acid-base titration', 'reaction kinetics',
      'Gibbs free energy', 'the periodic trends', 'stoichiometry', 'SN1 and SN2 reactions', 'buffer solutions',
      'catalysis', 'isomerism', 'electrochemical cells', 'hydrogen bonding', 'polymerization', 'chirality',
      'the mole concept', 'activation energy',
    ],
  },
  {
    name: 'biology',
    concepts: [
      'natural selection', 'cellular respiration', 'photosynthesis', 'DNA replication', 'meiosis', 'mitosis',
      'the Krebs cycle', 'gene expression', 'CRISPR gene editing', 'the immune response', 'enzyme kinetics',
      'homeostasis', 'the structure of the cell membrane', 'Mendelian inheritance', 'epigenetics', 'protein folding',
      'symbiosis', 'the nitrogen cycle', 'neuron action potentials', 'speciation', 'viral replication',
      'the endocrine system', 'ATP synthesis',
    ],
  },
  {
    name: 'medicine',
    concepts: [
      'type 2 diabetes', 'hypertension', 'the mechanism of action of beta blockers', 'sepsis', 'asthma management',
      'antibiotic resistance', 'myocardial infarction', 'chronic kidney disease', 'the pathophysiology of heart failure',
      'vaccination and herd immunity', 'anaphylaxis', 'thyroid disorders', 'iron deficiency anaemia', 'migraine',
      'statins', 'stroke', 'pneumonia', 'the Glasgow Coma Scale', 'informed consent', 'pharmacokinetics',
      'acute pancreatitis', 'deep vein thrombosis', 'depression treatment options',
    ],
  },
  {
    name: 'computer science',
    concepts: [
      'Big O notation', 'dynamic programming', 'the halting problem', 'hash tables', 'binary search trees',
      'graph traversal', 'NP-completeness', 'public-key cryptography', 'the CAP theorem', 'garbage collection',
      'virtual memory', 'TCP congestion control', 'consensus algorithms like Raft', 'gradient descent',
      'transformers and attention', 'compilers and parsing', 'database indexing', 'race conditions',
      'recursion', 'sorting algorithms', 'finite automata', 'overfitting in machine learning',
      'the TLS handshake', 'convolutional neural networks',
    ],
  },
  {
    name: 'law',
    concepts: [
      'the doctrine of consideration', 'negligence', 'the hearsay rule', 'adverse possession', 'due process',
      'the statute of frauds', 'strict liability', 'the exclusionary rule', 'promissory estoppel', 'fair use',
      'vicarious liability', 'the parol evidence rule', 'judicial review', 'defamation', 'the Miranda warning',
      'mens rea', 'breach of fiduciary duty', 'force majeure clauses', 'GDPR lawful bases', 'intellectual property',
      'equal protection', 'the rule against perpetuities',
    ],
  },
  {
    name: 'history',
    concepts: [
      'the causes of World War I', 'the fall of the Western Roman Empire', 'the Industrial Revolution',
      'the French Revolution', 'the Cold War', 'the Meiji Restoration', 'the Renaissance', 'the Black Death',
      'the Ottoman Empire', 'decolonization in Africa', 'the Silk Road', 'the Protestant Reformation',
      'the Great Depression', 'the American civil rights movement', 'the Mongol Empire', 'the Treaty of Versailles',
      'the partition of India', 'the Cuban Missile Crisis', 'the Byzantine Empire', 'the Atlantic slave trade',
      'ancient Athenian democracy', 'the Mughal Empire', 'the fall of the Berlin Wall',
    ],
  },
  {
    name: 'economics',
    concepts: [
      'supply and demand', 'price elasticity', 'comparative advantage', 'inflation', 'monetary policy',
      'fiscal multipliers', 'the Phillips curve', 'game theory and the Nash equilibrium', 'externalities',
      'public goods', 'moral hazard', 'market failure', 'opportunity cost', 'GDP measurement', 'quantitative easing',
      'monopolistic competition', 'the tragedy of the commons', 'purchasing power parity', 'behavioral economics',
      'minimum wage effects', 'exchange rate regimes', 'diminishing marginal utility',
    ],
  },
  {
    name: 'finance',
    concepts: [
      'discounted cash flow valuation', 'the capital asset pricing model', 'options pricing and Black-Scholes',
      'bond duration', 'diversification', 'the efficient market hypothesis', 'compound interest', 'leverage',
      'working capital', 'EBITDA', 'depreciation methods', 'the yield curve', 'index funds', 'short selling',
      'accrual accounting', 'the balance sheet', 'return on equity', 'credit default swaps', 'dollar-cost averaging',
      'IPOs', 'hedging with futures',
    ],
  },
  {
    name: 'philosophy',
    concepts: [
      'utilitarianism', 'Kant\'s categorical imperative', 'the trolley problem', 'the mind-body problem',
      'existentialism', 'Plato\'s allegory of the cave', 'social contract theory', 'free will and determinism',
      'the problem of induction', 'virtue ethics', 'the ship of Theseus', 'epistemic justification',
      'Descartes\' cogito', 'moral relativism', 'the Chinese room argument', 'stoicism', 'logical positivism',
      'the is-ought problem', 'modus ponens and modus tollens', 'the veil of ignorance', 'personal identity',
    ],
  },
  {
    name: 'psychology',
    concepts: [
      'classical conditioning', 'cognitive dissonance', 'the bystander effect', 'attachment theory',
      'confirmation bias', 'Maslow\'s hierarchy of needs', 'working memory', 'the Stanford prison experiment',
      'cognitive behavioural therapy', 'the placebo effect', 'operant conditioning', 'impostor syndrome',
      'the Dunning-Kruger effect', 'Piaget\'s stages of development', 'learned helplessness', 'the Big Five personality traits',
      'flow states', 'anchoring bias', 'neuroplasticity', 'emotional intelligence', 'procrastination',
    ],
  },
  {
    name: 'literature',
    concepts: [
      'the unreliable narrator', 'magical realism', 'the hero\'s journey', 'symbolism in The Great Gatsby',
      'Shakespearean tragedy', 'stream of consciousness', 'dramatic irony', 'the Romantic poets', 'modernism',
      'dystopian fiction', 'the sonnet form', 'free indirect discourse', 'Gothic literature', 'postcolonial literature',
      'themes in 1984', 'Jane Austen\'s social satire', 'allegory', 'the Bildungsroman', 'Homer\'s Odyssey',
      'foreshadowing', 'haiku',
    ],
  },
  {
    name: 'linguistics',
    concepts: [
      'the Sapir-Whorf hypothesis', 'phonemes and allophones', 'morphology', 'syntax trees', 'pragmatics',
      'code-switching', 'language acquisition in children', 'the Great Vowel Shift', 'creole languages',
      'tonal languages', 'semantic change', 'Grimm\'s law', 'universal grammar', 'speech acts', 'false friends',
      'the International Phonetic Alphabet', 'agglutinative languages', 'dialect versus language',
    ],
  },
  {
    name: 'earth science',
    concepts: [
      'plate tectonics', 'the rock cycle', 'the water cycle', 'El Niño', 'the greenhouse effect', 'ocean currents',
      'earthquake magnitude scales', 'glaciation', 'volcanic eruptions', 'soil formation', 'the Coriolis effect',
      'hurricanes', 'the carbon cycle', 'weathering and erosion', 'the layers of the atmosphere', 'ice cores',
      'tsunamis', 'monsoons',
    ],
  },
  {
    name: 'astronomy',
    concepts: [
      'black holes', 'the life cycle of stars', 'dark matter', 'the Big Bang', 'exoplanet detection', 'redshift',
      'neutron stars', 'Kepler\'s laws', 'the cosmic microwave background', 'tidal forces', 'supernovae',
      'the Hertzsprung-Russell diagram', 'gravitational waves', 'the habitable zone', 'eclipses', 'galaxy formation',
      'the Drake equation',
    ],
  },
  {
    name: 'environmental science',
    concepts: [
      'biodiversity loss', 'carbon capture', 'renewable energy storage', 'ocean acidification', 'deforestation',
      'eutrophication', 'life cycle assessment', 'microplastics', 'carbon pricing', 'urban heat islands',
      'sustainable agriculture', 'the ozone layer', 'invasive species', 'water scarcity', 'rewilding',
    ],
  },
  {
    name: 'political science',
    concepts: [
      'separation of powers', 'federalism', 'proportional representation', 'populism', 'the realist theory of international relations',
      'soft power', 'authoritarianism', 'the filibuster', 'gerrymandering', 'the European Union\'s institutions',
      'nuclear deterrence', 'civil society', 'the United Nations Security Council', 'liberal democracy',
      'electoral systems', 'sanctions',
    ],
  },
  {
    name: 'sociology',
    concepts: [
      'social stratification', 'Durkheim\'s concept of anomie', 'socialization', 'urbanization', 'cultural capital',
      'the sociological imagination', 'deviance', 'gentrification', 'social mobility', 'globalization',
      'Weber\'s bureaucracy', 'gender roles', 'social networks', 'moral panics', 'intersectionality',
    ],
  },
  {
    name: 'business',
    concepts: [
      'Porter\'s five forces', 'SWOT analysis', 'the product life cycle', 'customer acquisition cost',
      'agile project management', 'brand positioning', 'supply chain management', 'OKRs', 'change management',
      'the marketing mix', 'unit economics', 'lean startup methodology', 'corporate social responsibility',
      'negotiation strategies', 'stakeholder analysis', 'pricing strategy', 'the balanced scorecard',
    ],
  },
  {
    name: 'nutrition',
    concepts: [
      'macronutrients', 'the glycemic index', 'intermittent fasting', 'vitamin D deficiency', 'dietary fibre',
      'protein requirements for athletes', 'the Mediterranean diet', 'omega-3 fatty acids', 'ketosis', 'gut microbiome',
      'caloric deficit', 'food allergies', 'electrolytes', 'ultra-processed foods',
    ],
  },
  {
    name: 'engineering',
    concepts: [
      'PID controllers', 'stress and strain', 'the Fourier transform in signal processing', 'heat exchangers',
      'beam deflection', 'operational amplifiers', 'finite element analysis', 'fatigue failure', 'reinforced concrete',
      'three-phase power', 'feedback control systems', 'transistors', 'gear ratios', 'fluid viscosity', 'sampling theorem',
    ],
  },
  {
    name: 'music and art',
    concepts: [
      'the circle of fifths', 'counterpoint', 'impressionism', 'the golden ratio in art', 'sonata form',
      'cubism', 'jazz improvisation', 'colour theory', 'perspective drawing', 'the Baroque period', 'twelve-tone music',
      'chiaroscuro', 'syncopation', 'the Bauhaus movement', 'minimalism',
    ],
  },
];

export function areaNamed(name: string): Area {
  const a = AREAS.find((x) => x.name === name);
  if (!a) throw new Error(`unknown area ${name}`);
  return a;
}
